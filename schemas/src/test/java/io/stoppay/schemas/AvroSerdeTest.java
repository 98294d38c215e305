package io.stoppay.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import stoppay.internal.v1.Flow;

class AvroSerdeTest {

    private final Flow flow = new Flow("T-1", Instant.parse("2026-11-23T10:15:30Z"), "ACC-2", 12_345L, true, false,
            "0102", "0308", "320623");

    @Test
    void oneSerdePerTypeIsShared() {
        assertThat(AvroSerde.of(Flow.class)).isSameAs(AvroSerde.of(Flow.class));
    }

    @Test
    void roundTripsThroughSingleObjectEncoding() {
        final byte[] bytes = AvroSerde.of(Flow.class).encode(flow);

        assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
        assertThat(AvroSerde.of(Flow.class).decode(bytes)).isEqualTo(flow);
    }

    @Test
    void anUnknownFingerprintIsASerializationError() {
        final byte[] bytes = AvroSerde.of(Flow.class).encode(flow);
        bytes[5] ^= 0x7F;

        assertThatThrownBy(() -> AvroSerde.of(Flow.class).decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("cannot decode Flow");
    }

    @Test
    void nullStaysNull() {
        assertThat(AvroSerde.of(Flow.class).encode(null)).isNull();
        assertThat(AvroSerde.of(Flow.class).decode(null)).isNull();
    }
}
