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

    private static Map<TopicPartition, ListOffsetsResultInfo> endOffsets(final Admin admin,
                                                                        final Collection<String> topics)
            throws Exception {
        final List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames()
                .get(30, TimeUnit.SECONDS).values().stream()
                .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                .toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(30, TimeUnit.SECONDS);
    }
}
