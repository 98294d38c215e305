package io.stoppay.topology;

import io.stoppay.behaviour.PayerHistory;
import io.stoppay.config.StopPayConfig;
import io.stoppay.restriction.LinkChangeProcessor;
import io.stoppay.restriction.ListChangeProcessor;
import io.stoppay.restriction.RestrictionStores;
import io.stoppay.rules.RuleBook;
import io.stoppay.rules.RuleSettings;
import io.stoppay.validation.AccountProfileCheck;
import io.stoppay.validation.LinkageCheck;
import io.stoppay.validation.ListEntryCheck;
import io.stoppay.validation.PaymentCheck;
import io.stoppay.validation.PaymentTimestampExtractor;
import io.stoppay.validation.RecordCheck;
import io.stoppay.validation.ValidatingProcessor;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import stoppay.v1.AccountProfile;
import stoppay.v1.Linkage;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskListEntry;

/**
 * The StopPay topology, in the order data flows through it:
 *
 * <ol>
 *   <li><b>Reference data</b>: validated account profiles and the derived restriction status
 *       of every subject as global stores, so the decision can look up both sides of a payment
 *       without a repartition.</li>
 *   <li><b>Restrictions</b> (一处涉诈、两卡受限), beside the decision path: lists and linkages are
 *       validated, gathered into one graph task and applied incrementally; each subject whose
 *       status changes is published to the compacted restrictions topic, which feeds 1.</li>
 *   <li><b>Validate</b> payments; the impossible ones go to the dead-letter topic.</li>
 *   <li><b>Decide</b> each payment in its payer's task: dedupe by txnId, gather facts, run the
 *       ruleset.</li>
 *   <li><b>Publish</b> the decision, the stop-payment alert and the police warnings.</li>
 * </ol>
 *
 * Every processor, store and internal topic is named, and Kafka Streams is told to refuse any
 * that is not ({@code ensure.explicit.internal.resource.naming}).
 */
public final class InterceptionTopology {

    public static final String ACCOUNT_PROFILES = "account-profiles";
    public static final String RESTRICTED_SUBJECTS = "restricted-subjects";
    public static final String GRAPH_LISTS = "restriction-graph-lists";
    public static final String GRAPH_LINKS = "restriction-graph-links";

    private final StopPayConfig config;
    private final Topics topics;
    private final StreamsBuilder builder;

    private InterceptionTopology(final StopPayConfig config, final Properties streamsProperties) {
        this.config = config;
        this.topics = Topics.from(config);
        this.builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));
    }

    /** The topology for this configuration; {@code streamsProperties} as from {@link StreamsSettings}. */
    public static Topology build(final StopPayConfig config, final Properties streamsProperties) {
        return new InterceptionTopology(config, streamsProperties).build();
    }

    private Topology build() {
        readReferenceData();
        maintainRestrictions();
        publish(decide(validPayments()));
        return builder.build();
    }

    /**
     * Global stores cannot send bad records to the dead-letter topic (their thread has no
     * producer), so they read only topics StopPay wrote itself: account profiles pass validation
     * in a stream task first, and restrictions are derived.
     */
    private void readReferenceData() {
        builder.stream(topics.accounts().name(), topics.accounts().consumed("accounts-source"))
                .processValues(() -> new ValidatingProcessor<>(new AccountProfileCheck()),
                        Named.as("validate-account-profile"))
                .to(topics.acceptedAccounts().name(), topics.acceptedAccounts().produced("accepted-accounts-sink"));
        builder.globalTable(topics.acceptedAccounts().name(),
                topics.acceptedAccounts().consumed("accepted-accounts-source"),
                Materialized.<String, AccountProfile, KeyValueStore<Bytes, byte[]>>as(ACCOUNT_PROFILES)
                        .withKeySerde(topics.acceptedAccounts().keySerde())
                        .withValueSerde(topics.acceptedAccounts().valueSerde()));
        builder.globalTable(topics.restrictions().name(), topics.restrictions().consumed("restrictions-source"),
                Materialized.<String, RestrictionStatus, KeyValueStore<Bytes, byte[]>>as(RESTRICTED_SUBJECTS)
                        .withKeySerde(topics.restrictions().keySerde())
                        .withValueSerde(topics.restrictions().valueSerde()));
    }

    /**
     * Lists and linkages are low-volume; both are repartitioned into a single partition so that
     * one task holds the whole graph (in RocksDB, not the heap) and can walk any path locally.
     */
    private void maintainRestrictions() {
        final int maxHops = config.intValue(StopPayConfig.MAX_HOPS);
        final Duration expiryCheck = config.duration(StopPayConfig.EXPIRY_CHECK_INTERVAL_MS);
        RestrictionStores.builders().forEach(builder::addStateStore);

        final KStream<String, RiskListEntry> listChanges = intoGraphTask(topics.lists(), new ListEntryCheck(),
                "lists-source", "validate-list-entry", GRAPH_LISTS);
        final KStream<String, Linkage> linkChanges = intoGraphTask(topics.linkages(), new LinkageCheck(),
                "linkages-source", "validate-linkage", GRAPH_LINKS);

        final KStream<String, RestrictionStatus> fromLists = listChanges.process(
                () -> new ListChangeProcessor(maxHops, expiryCheck), Named.as("apply-list-change"),
                RestrictionStores.names());
        final KStream<String, RestrictionStatus> fromLinks = linkChanges.process(
                () -> new LinkChangeProcessor(maxHops), Named.as("apply-link-change"), RestrictionStores.names());
        fromLists.merge(fromLinks, Named.as("restriction-changes"))
                .to(topics.restrictions().name(), topics.restrictions().produced("restrictions-sink"));
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

    private KStream<String, PaymentTransaction> validPayments() {
        final Duration skew = config.duration(StopPayConfig.MAX_FUTURE_SKEW_MS);
        return builder
                .stream(topics.payments().name(), topics.payments().consumed("payments-source")
                        .withTimestampExtractor(new PaymentTimestampExtractor(skew)))
                .processValues(() -> new ValidatingProcessor<>(new PaymentCheck(skew)), Named.as("validate-payment"));
    }

    private KStream<String, Interception> decide(final KStream<String, PaymentTransaction> payments) {
        final RuleSettings ruleSettings = RuleSettings.from(config);
        final PayerHistory.Settings history = new PayerHistory.Settings(
                config.duration(StopPayConfig.DEDUPE_WINDOW_MS),
                config.duration(StopPayConfig.NEW_PAYEE_LOOKBACK_MS),
                ruleSettings.zone());
        PayerHistory.builders(history).forEach(builder::addStateStore);
        final RuleBook ruleBook = RuleBook.builtIn(ruleSettings);
        final Publications publications = new Publications(config.string(StopPayConfig.UNROUTED_REGION));
        final String limitCurrency = ruleSettings.limitCurrency().getCurrencyCode();
        return payments.processValues(
                () -> new InterceptProcessor(ruleBook, publications, history, limitCurrency),
                Named.as("intercept"), PayerHistory.TXN_IDS, PayerHistory.DAILY_TOTALS, PayerHistory.PAYEES);
    }

    private void publish(final KStream<String, Interception> interceptions) {
        interceptions
                .map((payer, interception) -> KeyValue.pair(interception.decision().getTxnId(), interception.decision()),
                        Named.as("decision-by-txn-id"))
                .to(topics.decisions().name(), topics.decisions().produced("decisions-sink"));
        interceptions
                .flatMapValues(interception -> interception.alert().stream().toList(), Named.as("stop-payment-alerts"))
                .to(topics.stopPayments().name(), topics.stopPayments().produced("stop-payments-sink"));
        interceptions
                .flatMap((payer, interception) -> interception.warnings().stream()
                        .map(warning -> KeyValue.pair(warning.getRegionCode(), warning)).toList(),
                        Named.as("police-warnings-by-region"))
                .to(topics.policeWarnings().name(), topics.policeWarnings().produced("police-warnings-sink"));
    }
}
