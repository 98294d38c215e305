package io.stoppay.topology;

import io.stoppay.config.StopPayConfig;
import io.stoppay.deadletter.DeadLetterHandler;
import io.stoppay.state.BoundedRocksDbMemory;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties from the StopPay configuration: the {@code kafka.*} pass-through
 * settings (bootstrap servers, TLS, SASL) first, then ours, which win.
 */
public final class StreamsSettings {

    /**
     * A killed instance's open transaction holds back every read_committed reader of the
     * partitions it wrote to (the survivor's own repartition and changelog reads among them) until
     * the broker aborts it, up to its timeout plus the broker's 10 s abort check later. Kafka
     * Streams' 10 s made 3-broker failovers take 17–31 s against a 30 s budget; 5 s is still 50
     * commit intervals.
     */
    private static final long MIN_TRANSACTION_TIMEOUT_MS = 5_000;
    /** Survivors learn of a dead member's expiry at their next heartbeat: each second, not each 3 s. */
    static final int HEARTBEAT_INTERVAL_MS = 1_000;
    /**
     * Under transactions v2 (Kafka 4) a transaction's first write to a partition is refused with
     * CONCURRENT_TRANSACTIONS while the previous one's markers are still being written, which on a
     * replicated cluster happens at almost every commit (about 450 times in a 3-broker FailoverIT
     * run, none on one broker). The producer's default backoff grows to a second, and a commit's
     * flush waits for it: retry after 10 ms, and never wait more than 100 ms.
     */
    static final long PRODUCER_RETRY_BACKOFF_MS = 10;
    static final long PRODUCER_RETRY_BACKOFF_MAX_MS = 100;
    /**
     * The restriction graph's part of {@value StopPayConfig#ROCKSDB_WRITE_BUFFER_BYTES}, the
     * decisions' being the rest: each client's memtables are bounded apart ({@link BoundedRocksDbMemory}),
     * so that a bulk load of linkages never makes decision stores flush. A quarter: the graph has
     * a few stores per task against the decisions' dozens, and its load may wait.
     */
    static final double GRAPH_WRITE_BUFFER_SHARE = 0.25;

    private StreamsSettings() {
    }

    /**
     * The restriction graph's own Kafka Streams client ({@link RestrictionTopology}): the same
     * settings under its own application id, so its consumer group, internal topics and state
     * directory are its own; like the decisions' client it never waits for partitions with nothing
     * fetched, and it has no event-time order to keep.
     */
    public static Properties forRestrictions(final StopPayConfig config) {
        final Properties props = from(config);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, restrictionsApplicationId(config));
        props.put(StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES, graphWriteBufferBytes(config));
        return props;
    }

    /** {@code <stoppay.application.id>-restrictions}. */
    public static String restrictionsApplicationId(final StopPayConfig config) {
        return restrictionsApplicationId(config.applicationId());
    }

    /** The restriction client's application id (its consumer group) beside the decisions' {@code applicationId}. */
    public static String restrictionsApplicationId(final String applicationId) {
        return applicationId + "-restrictions";
    }

    /** The decisions' Kafka Streams client: {@code stoppay.application.id}, and the write buffers the graph leaves. */
    public static Properties from(final StopPayConfig config) {
        final Properties props = new Properties();
        props.putAll(config.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.string(StopPayConfig.STATE_DIR));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.string(StopPayConfig.PROCESSING_GUARANTEE));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.longValue(StopPayConfig.COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.intValue(StopPayConfig.NUM_STANDBY_REPLICAS));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.intValue(StopPayConfig.REPLICATION_FACTOR));
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        // A task does not wait for partitions with nothing fetched. With watermarks, event-time order
        // is their job (design note 12), across every task rather than within one. Without, waiting
        // for data known to exist (0) detected no better behind a backlog, and cost 12% of the stream
        // thread's CPU per payment: Kafka formats a message for every empty input partition on every
        // record (design note 9, measured again 2026-12-01).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                config.string(StopPayConfig.TOPIC_DEAD_LETTERS));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        // Each default below yields to the operator's setting in any form the client reads, so
        // that nothing given under kafka.* is overridden without a word (StreamsSettingsTest).
        // Kafka Streams refuses a transaction timeout below the commit interval; a longer commit
        // interval gets a timeout to match unless one is given.
        if (config.kafkaForProducers(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG).isEmpty()) {
            props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                    (int) Math.max(MIN_TRANSACTION_TIMEOUT_MS, 2 * config.longValue(StopPayConfig.COMMIT_INTERVAL_MS)));
        }
        final boolean backoffGiven = config.kafkaForProducers(ProducerConfig.RETRY_BACKOFF_MS_CONFIG).isPresent();
        if (!backoffGiven) {
            props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), PRODUCER_RETRY_BACKOFF_MS);
        }
        // Our ceiling only with our backoff: below a backoff the operator chose it would disable it.
        if (!backoffGiven && config.kafkaForProducers(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG).isEmpty()) {
            props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG),
                    PRODUCER_RETRY_BACKOFF_MAX_MS);
        }
        // A crashed instance's partitions wait for its session to expire before another instance takes
        // them over; the consumer's default (45 s) alone would break the 30 s failover budget. With
        // standby replicas the takeover itself takes seconds, so the session timeout bounds the stall.
        final boolean sessionGiven = config.kafkaForMainConsumer(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG).isPresent();
        if (!sessionGiven) {
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                    StopPayConfig.DEFAULT_SESSION_TIMEOUT_MS);
        }
        // Our heartbeat only with our session: a longer session the operator chose keeps Kafka's.
        if (!sessionGiven && config.kafkaForMainConsumer(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG).isEmpty()) {
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                    HEARTBEAT_INTERVAL_MS);
        }
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        // Not Kafka settings: BoundedRocksDbMemory reads them from the configs Kafka Streams hands it.
        props.put(StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES, config.longValue(StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES));
        props.put(StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES,
                config.longValue(StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES) - graphWriteBufferBytes(config));
        return props;
    }

    private static long graphWriteBufferBytes(final StopPayConfig config) {
        return (long) (config.longValue(StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES) * GRAPH_WRITE_BUFFER_SHARE);
    }
}
