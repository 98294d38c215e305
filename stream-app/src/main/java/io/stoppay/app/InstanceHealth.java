package io.stoppay.app;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Whether this instance is alive and whether it is ready, from its Kafka Streams state and the
 * state stores it is restoring.
 *
 * <ul>
 *   <li><b>Live</b> unless Kafka Streams has failed or stopped: a restart can help only then.</li>
 *   <li><b>Ready</b> only when RUNNING and no store is restoring: before that, decisions and
 *       queries would wait or be answered from incomplete state.</li>
 * </ul>
 *
 * Kafka Streams calls its restore listener for global and active stores alike.
 */
public final class InstanceHealth implements StateRestoreListener {

    private static final Set<KafkaStreams.State> DEAD = Set.of(KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    private final Set<TopicPartition> restoring = ConcurrentHashMap.newKeySet();
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;

    void stateChanged(final KafkaStreams.State now) {
        this.state = now;
    }

    public KafkaStreams.State state() {
        return state;
    }

    public boolean live() {
        return !DEAD.contains(state);
    }

    public boolean ready() {
        return state == KafkaStreams.State.RUNNING && restoring.isEmpty();
    }

    public int restoringPartitions() {
        return restoring.size();
    }

    @Override
    public void onRestoreStart(final TopicPartition partition, final String storeName, final long startingOffset,
                               final long endingOffset) {
        restoring.add(partition);
    }

    @Override
    public void onBatchRestored(final TopicPartition partition, final String storeName, final long batchEndOffset,
                                final long numRestored) {
        // Progress is not needed: readiness only asks whether any restoration is still running.
    }

    @Override
    public void onRestoreEnd(final TopicPartition partition, final String storeName, final long totalRestored) {
        restoring.remove(partition);
    }

    @Override
    public void onRestoreSuspended(final TopicPartition partition, final String storeName, final long totalRestored) {
        restoring.remove(partition);
    }
}
