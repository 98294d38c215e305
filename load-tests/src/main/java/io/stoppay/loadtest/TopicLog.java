package io.stoppay.loadtest;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the measuring tools do to a topic's log between runs. */
public final class TopicLog {

    private TopicLog() {
    }

    /**
     * Moves the log start of every partition of {@code topic} to its end, so that an app started
     * next (which reads from the earliest offset) does not replay what earlier runs wrote.
     */
    public static void truncate(final Admin admin, final String topic) throws Exception {
        final Map<TopicPartition, ListOffsetsResultInfo> ends = endOffsets(admin, List.of(topic));
        final Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        ends.forEach((partition, end) -> {
            if (end.offset() > 0) {
                delete.put(partition, RecordsToDelete.beforeOffset(end.offset()));
            }
        });
        if (!delete.isEmpty()) {
            admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** True when consumer group {@code groupId} has committed every partition of {@code topics} up to its end. */
    public static boolean consumedToEnd(final Admin admin, final String groupId, final Collection<String> topics)
            throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return endOffsets(admin, topics).entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                || committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue().offset());
    }

    /**
     * How many records of {@code topics} consumer group {@code groupId} has not committed yet: per
     * partition, from its committed offset (or the log start, where it committed none or less) to
     * the end. A partition the group has nothing to read in counts 0 even if it never committed
     * there, as Kafka Streams does not commit where it read nothing.
     */
    public static long behind(final Admin admin, final String groupId, final Collection<String> topics)
            throws Exception {
        // Committed first: whatever the group's commit made visible downstream is then in the ends read after it.
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        final Map<TopicPartition, ListOffsetsResultInfo> ends = endOffsets(admin, topics);
        final Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(admin, topics, OffsetSpec.earliest());
        long behind = 0;
        for (final Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            final OffsetAndMetadata done = committed.get(end.getKey());
            final long from = Math.max(starts.get(end.getKey()).offset(), done == null ? 0 : done.offset());
            behind += Math.max(0, end.getValue().offset() - from);
        }
        return behind;
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> endOffsets(final Admin admin,
                                                                        final Collection<String> topics)
            throws Exception {
        return offsets(admin, topics, OffsetSpec.latest());
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> offsets(final Admin admin, final Collection<String> topics,
                                                                     final OffsetSpec spec) throws Exception {
        final List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames()
                .get(30, TimeUnit.SECONDS).values().stream()
                .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                .toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
                .all().get(30, TimeUnit.SECONDS);
    }
}
