package io.stoppay.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class LastActivityTest {

    private static final Serde<LastActivity> SERDE = LastActivity.serde();

    @Test
    void shouldReadAValueAnEarlierVersionWroteAsBothTimes() {
        final byte[] written = Serdes.Long().serializer().serialize("t", 1_700_000_000_000L);

        final LastActivity read = SERDE.deserializer().deserialize("t", written);

        assertThat(read).isEqualTo(new LastActivity(1_700_000_000_000L, 1_700_000_000_000L));
        assertThat(read.movedMoneyAt()).contains(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void shouldWriteOneLongWhileMoneyMovedAtTheLastPayment() {
        final LastActivity moved = LastActivity.first(1_000L, true).after(2_000L, true);

        final byte[] bytes = SERDE.serializer().serialize("t", moved);

        assertThat(bytes).hasSize(Long.BYTES);
        assertThat(Serdes.Long().deserializer().deserialize("t", bytes)).isEqualTo(2_000L);
        assertThat(SERDE.deserializer().deserialize("t", bytes)).isEqualTo(moved);
    }

    @Test
    void shouldKeepTheLastMovementOfMoneyApartFromALaterAttempt() {
        final LastActivity attempted = LastActivity.first(1_000L, true).after(5_000L, false);

        final byte[] bytes = SERDE.serializer().serialize("t", attempted);

        assertThat(bytes).hasSize(2 * Long.BYTES);
        final LastActivity read = SERDE.deserializer().deserialize("t", bytes);
        assertThat(read.activeAt()).isEqualTo(Instant.ofEpochMilli(5_000L));
        assertThat(read.movedMoneyAt()).contains(Instant.ofEpochMilli(1_000L));
    }

    @Test
    void shouldKnowNoMovementWhenEveryPaymentWasAnAttempt() {
        final LastActivity read = SERDE.deserializer().deserialize("t",
                SERDE.serializer().serialize("t", LastActivity.first(3_000L, false)));

        assertThat(read.activeAt()).isEqualTo(Instant.ofEpochMilli(3_000L));
        assertThat(read.movedMoneyAt()).isEmpty();
    }

    /** Payments come in any order: an older one moves neither time back. */
    @Test
    void shouldNotMoveEitherTimeBackForAnOlderPayment() {
        final LastActivity last = new LastActivity(5_000L, 4_000L);

        assertThat(last.after(3_000L, true)).isEqualTo(last);
        assertThat(last.after(4_500L, true)).isEqualTo(new LastActivity(5_000L, 4_500L));
        assertThat(last.after(6_000L, false)).isEqualTo(new LastActivity(6_000L, 4_000L));
    }

    @Test
    void shouldRefuseAValueOfAnyOtherLength() {
        assertThatThrownBy(() -> SERDE.deserializer().deserialize("t", new byte[12]))
                .isInstanceOf(SerializationException.class).hasMessage("a last activity is 8 or 16 bytes, not 12");
    }
}
