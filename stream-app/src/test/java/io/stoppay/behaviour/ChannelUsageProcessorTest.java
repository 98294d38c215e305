package io.stoppay.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.SubjectUsage;

class ChannelUsageProcessorTest {

    private static final String DEVICE = "DEVICE:dev-farm-07";
    private static final long T0 = 1_780_000_000_000L;

    private final MockProcessorContext<String, SubjectUsage> context = new MockProcessorContext<>();
    private final ChannelUsageProcessor processor = new ChannelUsageProcessor(Duration.ofHours(24), 5);
    private KeyValueStore<String, Long> payers;

    @BeforeEach
    void setUp() {
        payers = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ChannelUsageProcessor.STORE), Serdes.String(),
                Serdes.Long()).withLoggingDisabled().build();
        payers.init(context.getStateStoreContext(), payers);
        context.addStateStore(payers);
        processor.init(context);
    }

    @Test
    void shouldPublishTheCountWhenTheFifthPayerArrives() {
        // Given
        for (int i = 1; i <= 4; i++) {
            use("acct-" + i, T0 + i);
        }
        assertThat(context.forwarded()).isEmpty();

        // When
        use("acct-5", T0 + 5);

        // Then
        assertThat(context.forwarded()).singleElement()
                .satisfies(usage -> assertThat(usage.record().value().getAccounts()).isEqualTo(5));
    }

    /**
     * At-least-once: a crash after the fifth payer's entry reached its changelog but before the count
     * it made did (its marker and the published record) replays the record on an entry of the same time.
     */
    @Test
    void shouldRecountWhenAReplayedRecordFindsItsOwnEntry() {
        // Given: four payers counted, the fifth's entry written, no count published
        for (int i = 1; i <= 4; i++) {
            use("acct-" + i, T0 + i);
        }
        payers.put(DEVICE + '\0' + "acct-5", T0 + 5);

        // When: the fifth payer's record again
        use("acct-5", T0 + 5);

        // Then
        assertThat(context.forwarded()).singleElement()
                .satisfies(usage -> assertThat(usage.record().value().getAccounts()).isEqualTo(5));
    }

    @Test
    void shouldPublishNothingWhenAPayerCountedAlreadyPaysAgainBelowTheThreshold() {
        // Given
        for (int i = 1; i <= 4; i++) {
            use("acct-" + i, T0 + i);
        }

        // When
        use("acct-2", T0 + 60_000);

        // Then
        assertThat(context.forwarded()).isEmpty();
        assertThat(payers.get(DEVICE + '\0' + "acct-2")).isEqualTo(T0 + 60_000);
    }

    /** A payer's use at {@code time}, which is also stream time: records come in order here. */
    private void use(final String payer, final long time) {
        context.setCurrentStreamTimeMs(time);
        processor.process(new Record<>(DEVICE, payer, time));
    }
}
