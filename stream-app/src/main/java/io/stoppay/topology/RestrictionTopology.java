package io.stoppay.topology;

import io.stoppay.config.StopPayConfig;
import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.restriction.GraphChange;
import io.stoppay.restriction.LinkChangeProcessor;
import io.stoppay.restriction.ListChangeProcessor;
import io.stoppay.restriction.RestrictionGraph;
import io.stoppay.restriction.RestrictionStores;
import io.stoppay.validation.LinkageCheck;
import io.stoppay.validation.ListEntryCheck;
import io.stoppay.validation.RecordCheck;
import io.stoppay.validation.ValidatingProcessor;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import stoppay.v1.Linkage;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectUsage;

/**
 * The restriction graph (一处涉诈、两卡受限), in the order data flows through it: lists and
 * linkages are validated, gathered into one graph task and applied incrementally; each subject
 * whose status changes is published to the compacted restrictions topic, and each holder's count
 * of accounts and cards to the subject-usage topic. {@link InterceptionTopology} reads both as
 * global stores.
 *
 * <p>It runs in a Kafka Streams client of its own, with its own stream thread and consumer
 * (application id {@code <stoppay.application.id>-restrictions}): a bulk load of lists or
 * linkages (a million entries, a NAT address with 100,000 links) then queues behind itself, never
 * in front of payments, whose decisions it would otherwise hold back for seconds (design note 13).
 * Every processor, store and internal topic is named.
 */
public final class RestrictionTopology {

    public static final String GRAPH_LISTS = "restriction-graph-lists";
    public static final String GRAPH_LINKS = "restriction-graph-links";

    private final StopPayConfig config;
    private final Topics topics;
    private final StreamsBuilder builder;
    private final InterceptionMetrics metrics;

    private RestrictionTopology(final StopPayConfig config, final Properties streamsProperties) {
        this.config = config;
        this.topics = Topics.from(config);
        // The instance's metrics, when it handed them over: the graph's pace reads how much it applied.
        this.metrics = streamsProperties.get(InterceptionMetrics.STREAMS_PROPERTY) instanceof InterceptionMetrics given
                ? given : InterceptionMetrics.discarding();
        this.builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));
    }

    /** The topology for this configuration; {@code streamsProperties} as from {@link StreamsSettings#forRestrictions}. */
    public static Topology build(final StopPayConfig config, final Properties streamsProperties) {
        return new RestrictionTopology(config, streamsProperties).build();
    }

    /**
     * Lists and linkages are low-volume; both are repartitioned into a single partition so that
     * one task holds the whole graph (in RocksDB, not the heap) and can walk any path locally.
     */
    private Topology build() {
        final RestrictionGraph.Limits limits = new RestrictionGraph.Limits(config.intValue(StopPayConfig.MAX_HOPS),
                config.intValue(StopPayConfig.MAX_DEGREE));
        final Duration expiryCheck = config.duration(StopPayConfig.EXPIRY_CHECK_INTERVAL_MS);
        RestrictionStores.builders().forEach(builder::addStateStore);

        final KStream<String, RiskListEntry> listChanges = intoGraphTask(topics.lists(), new ListEntryCheck(),
                "lists-source", "validate-list-entry", GRAPH_LISTS);
        final KStream<String, Linkage> linkChanges = intoGraphTask(topics.linkages(), new LinkageCheck(),
                "linkages-source", "validate-linkage", GRAPH_LINKS);

        final int minAccounts = config.intValue(StopPayConfig.USAGE_MIN_ACCOUNTS);
        final KStream<String, GraphChange> fromLists = listChanges.process(
                () -> new ListChangeProcessor(limits, expiryCheck, metrics::graphChangeApplied),
                Named.as("apply-list-change"), RestrictionStores.names());
        final KStream<String, GraphChange> fromLinks = linkChanges.process(
                () -> new LinkChangeProcessor(limits, minAccounts, metrics::graphChangeApplied),
                Named.as("apply-link-change"), RestrictionStores.names());
        final KStream<String, GraphChange> changes = fromLists.merge(fromLinks, Named.as("graph-changes"));
        changes.filter((subject, change) -> change.kind() == GraphChange.Kind.RESTRICTION, Named.as("restriction-changes"))
                .mapValues(change -> (RestrictionStatus) change.value(), Named.as("restriction-status"))
                .to(topics.restrictions().name(), topics.restrictions().produced("restrictions-sink"));
        changes.filter((subject, change) -> change.kind() == GraphChange.Kind.USAGE, Named.as("holder-usage-changes"))
                .mapValues(change -> (SubjectUsage) change.value(), Named.as("holder-usage"))
                .to(topics.subjectUsage().name(), topics.subjectUsage().produced("holder-usage-sink"));
        return builder.build();
    }

    /** Reads, validates and gathers a reference-data topic into the single graph partition. */
    private <V> KStream<String, V> intoGraphTask(final Topic<String, V> topic, final RecordCheck<V> check,
                                                 final String sourceName, final String validateName,
                                                 final String repartitionName) {
        return builder.stream(topic.name(), topic.consumed(sourceName))
                .processValues(() -> new ValidatingProcessor<>(check), Named.as(validateName))
                .repartition(Repartitioned.<String, V>as(repartitionName)
                        .withKeySerde(topic.keySerde())
                        .withValueSerde(topic.valueSerde())
                        .withNumberOfPartitions(1));
    }
}
