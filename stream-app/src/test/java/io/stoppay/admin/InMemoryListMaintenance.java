package io.stoppay.admin;

import io.stoppay.topology.Topics;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import stoppay.v1.ListAudit;

/**
 * A {@link ListMaintenance} whose transactions go to a {@link MockProducer}, for tests of what
 * callers record without a broker: the audit records committed can be read back.
 */
public final class InMemoryListMaintenance {

    private final Topics topics;
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final ListMaintenance maintenance;

    public InMemoryListMaintenance(final Topics topics, final Clock clock) {
        this.topics = topics;
        this.maintenance = new ListMaintenance(topics, () -> producer, "test", clock);
    }

    public ListMaintenance maintenance() {
        return maintenance;
    }

    /** The audit records of committed transactions, in the order they were written. */
    public List<ListAudit> committedAudits() {
        final String auditTopic = topics.listAudit().name();
        return producer.history().stream().filter(record -> record.topic().equals(auditTopic))
                .map(record -> topics.listAudit().valueSerde().deserializer().deserialize(auditTopic, record.value()))
                .toList();
    }
}
