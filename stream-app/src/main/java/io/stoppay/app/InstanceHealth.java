package io.stoppay.app;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Whether this instance is alive and whether it is ready, from the states of its Kafka Streams
 * clients (the decisions and the restriction graph) and the state stores they are restoring.
 *
 * <ul>
 *   <li><b>Live</b> unless a client has failed or stopped: a restart can help only then.</li>
 *   <li><b>Ready</b> only when every client is RUNNING and no store is restoring: before that,
 *       decisions and queries would wait or be answered from incomplete state.</li>
 * </ul>
 *
 * Kafka Streams calls its restore listener for global and active stores alike.
 */
public final class InstanceHealth implements StateRestoreListener {

    private static final Set<KafkaStreams.State> DEAD = Set.of(KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    private final Set<TopicPartition> restoring = ConcurrentHashMap.newKeySet();
    private final Map<String, KafkaStreams.State> states = new ConcurrentHashMap<>();

    /** @param clients the names of the instance's Kafka Streams clients, each CREATED until it says otherwise */
    public InstanceHealth(final String... clients) {
        for (final String client : clients) {
            states.put(client, KafkaStreams.State.CREATED);
        }
    }

    void stateChanged(final String client, final KafkaStreams.State now) {
        states.put(client, now);
    }

    /** The state that tells most about the instance: a dead client's, else one not yet running, else RUNNING. */
    public KafkaStreams.State state() {
        final Collection<KafkaStreams.State> all = states.values();
        return all.stream().filter(DEAD::contains).findFirst()
                .or(() -> all.stream().filter(state -> state != KafkaStreams.State.RUNNING).findFirst())
                .orElse(KafkaStreams.State.RUNNING);
    }

    public boolean live() {
        return states.values().stream().noneMatch(DEAD::contains);
    }

    public boolean ready() {
        return state() == KafkaStreams.State.RUNNING && restoring.isEmpty();
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
