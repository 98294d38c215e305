package io.stoppay.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import stoppay.internal.v1.Flow;

/**
 * A flow remembered by the version before Flow v2 (in a state store and its changelog) still reads
 * after an upgrade: its fields as written, and no bank or region, which the subject query treats as
 * unknown.
 */
class FlowUpgradeTest {

    @Test
    void shouldReadAFlowWrittenWithVersionOneWithoutBanksOrRegion() throws IOException {
        // Given a flow as version 1 wrote it
        final Schema v1 = ReleasedSchemas.versionsOf("Flow").get(0);
        final GenericRecord old = new GenericData.Record(v1);
        old.put("txnId", "T-1");
        old.put("time", Instant.parse("2026-11-23T10:15:30Z").toEpochMilli());
        old.put("counterparty", "6217000000000009");
        old.put("amountMinor", 12_345L);
        old.put("newCounterparty", true);
        old.put("held", true);
        final ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        final byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        // When today's serde reads it
        final Flow flow = AvroSerde.of(Flow.class).decode(bytes);

        // Then what it carried is kept, and where the account belongs is unknown
        assertThat(flow).isEqualTo(new Flow("T-1", Instant.parse("2026-11-23T10:15:30Z"), "6217000000000009",
                12_345L, true, true, null, null, null));
    }
}
