package io.stoppay.admin;

import static org.awaitility.Awaitility.await;

import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import stoppay.v1.ListAudit;
import stoppay.v1.RiskListEntry;

/**
 * What a read_committed reader sees on the lists and list-audit topics from the moment this was
 * opened on: later writes only, and only committed ones. Call {@link #awaitAtLeast} before asserting.
 */
public final class CommittedListChanges implements AutoCloseable {

    /** A record's key and decoded value; the value is null for a tombstone. */
    public record Keyed<V>(String key, V value) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final List<Keyed<RiskListEntry>> lists = new ArrayList<>();
    private final List<Keyed<ListAudit>> audits = new ArrayList<>();

    /**
     * @param consumerProps read_committed consumer settings without deserializers
     *                      ({@code RealKafka.consumerProps})
     */
    public CommittedListChanges(final Map<String, Object> consumerProps, final Topics topics) {
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        final List<TopicPartition> partitions = Stream.of(topics.lists().name(), topics.listAudit().name())
                .flatMap(topic -> consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition())))
                .toList();
        consumer.assign(partitions);
        // A transaction's commit returns before its markers are written; until they are, the end a
        // read_committed consumer sees (the last stable offset) lies before records written earlier,
        // which would then look like "later writes". Wait until nothing is pending.
        final Map<String, Object> uncommittedProps = new HashMap<>(consumerProps);
        uncommittedProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<String, byte[]> uncommitted = new KafkaConsumer<>(uncommittedProps, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            await().atMost(TIMEOUT).until(() -> consumer.endOffsets(partitions).equals(uncommitted.endOffsets(partitions)));
        }
        consumer.seekToEnd(partitions);
        // Seeking is lazy: fix the positions now, before the test writes anything.
        partitions.forEach(consumer::position);
    }

    /** Polls until at least this many list records and audit records have been seen. */
    public CommittedListChanges awaitAtLeast(final int listRecords, final int auditRecords) {
        await().atMost(TIMEOUT).until(() -> {
            poll();
            return lists.size() >= listRecords && audits.size() >= auditRecords;
        });
        return this;
    }

    public List<Keyed<RiskListEntry>> lists() {
        return List.copyOf(lists);
    }

    public List<Keyed<ListAudit>> audits() {
        return List.copyOf(audits);
    }

    private void poll() {
        for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.topic().equals(topics.lists().name())) {
                lists.add(new Keyed<>(record.key(), record.value() == null ? null
                        : AvroSerde.of(RiskListEntry.class).decode(record.value())));
            } else {
                audits.add(new Keyed<>(record.key(), AvroSerde.of(ListAudit.class).decode(record.value())));
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
