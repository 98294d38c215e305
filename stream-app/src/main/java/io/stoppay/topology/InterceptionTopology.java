package io.stoppay.topology;

import io.stoppay.behaviour.AccountHistory;
import io.stoppay.behaviour.ChannelUsageProcessor;
import io.stoppay.behaviour.FirstChannelUse;
import io.stoppay.behaviour.PayerHistory;
import io.stoppay.config.StopPayConfig;
import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.ordering.EventOrder;
import io.stoppay.ordering.HoldQueue;
import io.stoppay.ordering.OrderingSettings;
import io.stoppay.outcome.IssuedNotices;
import io.stoppay.outcome.JoinedOutcome;
import io.stoppay.outcome.ListChange;
import io.stoppay.outcome.OutcomeLoopProcessor;
import io.stoppay.rules.RuleSetCheck;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.state.CachedGlobalStore;
import io.stoppay.state.FilteredGlobalStore;
import io.stoppay.statistics.DailyStatistics;
import io.stoppay.statistics.StatisticsAggregator;
import io.stoppay.statistics.StatisticsBatcher;
import io.stoppay.validation.AccountProfileCheck;
import io.stoppay.validation.PaymentCheck;
import io.stoppay.validation.PaymentTimestampExtractor;
import io.stoppay.validation.RecordCheck;
import io.stoppay.validation.StopPaymentOutcomeCheck;
import io.stoppay.validation.ValidatingProcessor;
import io.stoppay.validation.WarningOutcomeCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KeyValueMapper;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import stoppay.internal.v1.OutcomeLoopInput;
import stoppay.internal.v1.PendingDecision;
import stoppay.internal.v1.Settlement;
import stoppay.v1.AccountProfile;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RegionDailyStatistics;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.SubjectUsage;

/**
 * The StopPay topology, in the order data flows through it:
 *
 * <ol>
 *   <li><b>Reference data</b>: validated account profiles, validated rulesets, and the
 *       restriction status of every subject that {@link RestrictionTopology} derives in its own
 *       Kafka Streams client, as global stores, so the decision can look up both sides of a
 *       payment without a repartition.</li>
 *   <li><b>Validate</b> payments; the impossible ones go to the dead-letter topic. A payment
 *       outside its payer's partition (a non-Java feeder's partitioner) is re-routed to it.</li>
 *   <li><b>Decide</b> each payment in two steps with one repartition: in its payer's task
 *       (dedupe by txnId, payer history, payer-stage rules), then in its payee's task (payee
 *       history, payee-stage rules, the verdict of the ruleset in force).</li>
 *   <li><b>Publish</b> the decision, the stop-payment alert and the police warnings, after
 *       recording them in the metrics.</li>
 *   <li><b>Close the loop</b>, beside the path: join each alert and warning with what the bank or
 *       the anti-fraud centre reports it did (the outcome topics), list a confirmed fraud account,
 *       count outcomes per rule, and watch for notices left unanswered.</li>
 *   <li><b>Count</b>, beside the path: statistics per region and Beijing day, from the decisions and
 *       the joined outcomes, on a compacted topic that every instance reads back to serve.</li>
 * </ol>
 *
 * <p>Beside the decision, past payments loaded by {@code stoppay backfill} are validated alike and
 * recorded in the same behaviour state, in the same tasks, and never decided.
 *
 * <p>Every processor, store and internal topic is named, and Kafka Streams is told to refuse any
 * that is not ({@code ensure.explicit.internal.resource.naming}).
 */
public final class InterceptionTopology {

    public static final String ACCOUNT_PROFILES = "account-profiles";
    public static final String RESTRICTED_SUBJECTS = "restricted-subjects";
    public static final String RULESETS = "rulesets";
    public static final String SUBJECT_USAGE = "subject-usage";
    public static final String PAYMENTS_BY_CHANNEL = "payments-by-channel";
    public static final String PAYMENTS_REROUTED = "payments-rerouted";
    public static final String PAST_PAYMENTS_REROUTED = "past-payments-rerouted";
    public static final String PAST_PAYMENTS_BY_PAYEE = "past-payments-by-payee";
    public static final String PAYMENTS_BY_PAYEE = "payments-by-payee";
    public static final String SETTLEMENTS_BY_PAYER = "settlements-by-payer";
    public static final String NOTICES_BY_ID = "outcome-loop-notices";
    public static final String OUTCOMES_BY_NOTICE = "outcome-loop-outcomes";
    public static final String STATISTICS_OF_DECISIONS = "statistics-of-decisions";
    public static final String STATISTICS_OF_OUTCOMES = "statistics-of-outcomes";
    public static final String STATISTICS_BATCH_OF_DECISIONS = "statistics-batch-of-decisions";
    public static final String STATISTICS_BATCH_OF_OUTCOMES = "statistics-batch-of-outcomes";
    /** The global store of {@code stats.region-daily.v1}: key {@code <region>|<yyyy-MM-dd>}, value the encoded record. */
    public static final String REGION_DAILY_STATISTICS = "region-daily-statistics";

    /**
     * Keys the filters of the two most-missed global stores are sized for at first (1% false
     * positives: about 1.2 MiB per million keys); each grows as its store does.
     */
    private static final long RESTRICTED_SUBJECTS_EXPECTED = 1_000_000;
    private static final long SHARED_SUBJECTS_EXPECTED = 100_000;
    /**
     * Account profiles kept decoded on the heap, the least recently read going first: about 25 MiB.
     * Enough that the payee stage finds the profiles the payer stage read a moment before.
     */
    private static final long PROFILES_KEPT = 65_536;
    /** Rulesets kept on the heap: one per ruleset id in use. */
    private static final long RULESETS_KEPT = 16;

    private final StopPayConfig config;
    private final Properties streamsProperties;
    private final InterceptionMetrics metrics;
    private final Topics topics;
    private final StreamsBuilder builder;
    private final FilteredGlobalStore<RestrictionStatus> restrictedSubjects;
    private final FilteredGlobalStore<SubjectUsage> sharedSubjects;
    private final CachedGlobalStore<AccountProfile> profiles;
    private final CachedGlobalStore<byte[]> rulesets;

    private InterceptionTopology(final StopPayConfig config, final Properties streamsProperties,
                                 final InterceptionMetrics metrics) {
        this.config = config;
        this.streamsProperties = streamsProperties;
        this.metrics = metrics;
        this.topics = Topics.from(config);
        this.builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsProperties)));
        this.restrictedSubjects = new FilteredGlobalStore<>(RESTRICTED_SUBJECTS, topics.restrictions().valueSerde(),
                RESTRICTED_SUBJECTS_EXPECTED);
        this.sharedSubjects = new FilteredGlobalStore<>(SUBJECT_USAGE, topics.subjectUsage().valueSerde(),
                SHARED_SUBJECTS_EXPECTED);
        this.profiles = new CachedGlobalStore<>(ACCOUNT_PROFILES, topics.acceptedAccounts().valueSerde(), PROFILES_KEPT);
        this.rulesets = new CachedGlobalStore<>(RULESETS, Serdes.ByteArray(), RULESETS_KEPT);
    }

    /**
     * The topology for this configuration; {@code streamsProperties} as from {@link StreamsSettings};
     * decisions are recorded in {@code metrics}.
     */
    public static Topology build(final StopPayConfig config, final Properties streamsProperties,
                                 final InterceptionMetrics metrics) {
        return new InterceptionTopology(config, streamsProperties, metrics).build();
    }

    private Topology build() {
        readReferenceData();
        final KStream<String, PaymentTransaction> payments = validPayments(topics.payments(), "",
                config.maxPastAge(), PAYMENTS_REROUTED);
        final KStream<String, PaymentTransaction> pastPayments = validPayments(topics.paymentHistory(), "past-",
                PaymentCheck.ANY_PAST_AGE, PAST_PAYMENTS_REROUTED);
        final Duration usageWindow = config.duration(StopPayConfig.USAGE_CHANNEL_WINDOW_MS);
        countChannelUsage(payments.merge(pastPayments.processValues(() -> new RecentPastPayments(usageWindow),
                Named.as("past-payments-within-usage-window")), Named.as("payments-and-past-payments")));
        final DecisionSettings settings = DecisionSettings.from(config, streamsProperties, metrics,
                restrictedSubjects.keys(), sharedSubjects.keys(), profiles.recent(), rulesets.recent());
        addBehaviourStores(settings);
        recordPastPayments(pastPayments, settings);
        final KStream<String, Interception> interceptions = publish(decide(payments, settings));
        countStatistics(interceptions, closeTheLoop(interceptions));
        return builder.build();
    }

    /**
     * Global stores cannot send bad records to the dead-letter topic (their thread has no
     * producer), so they read only topics StopPay wrote itself: account profiles pass validation
     * in a stream task first, and restrictions are derived. They have no record cache: a global
     * store has no changelog for a cache to spare, and every decision reads several of them.
     */
    private void readReferenceData() {
        builder.stream(topics.accounts().name(), topics.accounts().consumed("accounts-source"))
                .processValues(() -> new ValidatingProcessor<>(new AccountProfileCheck()),
                        Named.as("validate-account-profile"))
                .map(InterceptionTopology::canonicalProfile, Named.as("canonical-account-profile"))
                .to(topics.acceptedAccounts().name(), topics.acceptedAccounts().produced("accepted-accounts-sink"));
        // Read like a global table, with the profiles read recently kept beside it: both stages read both.
        builder.addGlobalStore(profiles.storeBuilder(), topics.acceptedAccounts().name(),
                topics.acceptedAccounts().consumed("accepted-accounts-source"), profiles.updater());
        builder.stream(topics.rules().name(), topics.rules().consumed("rules-source"))
                .processValues(() -> new ValidatingProcessor<>(
                        new RuleSetCheck(config.duration(StopPayConfig.BEHAVIOUR_RETENTION_MS))),
                        Named.as("validate-ruleset"))
                .to(topics.acceptedRules().name(), topics.acceptedRules().produced("accepted-rules-sink"));
        // Kept as bytes: the decision compares them with the ruleset it parsed last, and parses only a
        // change. Every payment asks for them, twice: the bytes read last are kept on the heap.
        builder.addGlobalStore(rulesets.storeBuilder(), topics.acceptedRules().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("accepted-rules-source"), rulesets.updater());
        // Read like global tables, with a filter of their keys beside each: most lookups miss them.
        builder.addGlobalStore(sharedSubjects.storeBuilder(), topics.subjectUsage().name(),
                topics.subjectUsage().consumed("subject-usage-source"), sharedSubjects.updater());
        builder.addGlobalStore(restrictedSubjects.storeBuilder(), topics.restrictions().name(),
                topics.restrictions().consumed("restrictions-source"), restrictedSubjects.updater());
    }

    /** A profile keyed and naming its account as payments are looked up: the account id without blanks. */
    private static KeyValue<String, AccountProfile> canonicalProfile(final String key, final AccountProfile profile) {
        final String accountId = CanonicalIdentifiers.accountId(key);
        return KeyValue.pair(accountId, profile == null ? null
                : AccountProfile.newBuilder(profile).setAccountId(accountId).build());
    }

    /**
     * Beside the decision path: payer accounts per device and per IP, counted in the channel's
     * task and published to the subject-usage topic; a payer's repeated use of a channel only once
     * per refresh period (design note 29).
     */
    private void countChannelUsage(final KStream<String, PaymentTransaction> payments) {
        builder.addStateStore(FirstChannelUse.builder(config.channelRefresh()));
        builder.addStateStore(ChannelUsageProcessor.builder());
        payments
                .process(() -> new FirstChannelUse(config.channelRefresh()), Named.as("first-channel-uses"),
                        FirstChannelUse.STORE)
                .repartition(Repartitioned.<String, String>as(PAYMENTS_BY_CHANNEL)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.String()))
                .process(() -> new ChannelUsageProcessor(config.duration(StopPayConfig.USAGE_CHANNEL_WINDOW_MS),
                        config.intValue(StopPayConfig.USAGE_MIN_ACCOUNTS)), Named.as("count-channel-payers"),
                        ChannelUsageProcessor.STORE)
                .to(topics.subjectUsage().name(), topics.subjectUsage().produced("channel-usage-sink"));
    }

    /**
     * Valid payments of {@code topic} in canonical form, each in its payer's partition: one that a
     * feeder's partitioner put elsewhere (librdkafka's CRC32) is re-routed through the repartition
     * topic {@code rerouted}, so that decisions do not depend on which client wrote a payment.
     * Payments in the right partition, all of a Java feeder's, take no extra hop. {@code past}
     * prefixes the names of the processors ("" for live payments, "past-" for the history).
     */
    private KStream<String, PaymentTransaction> validPayments(final Topic<String, PaymentTransaction> topic,
                                                              final String past, final Duration pastAge,
                                                              final String rerouted) {
        final Duration skew = config.duration(StopPayConfig.MAX_FUTURE_SKEW_MS);
        final int partitions = OrderingSettings.from(config, streamsProperties).upstreams();
        final Map<String, KStream<String, PayerRouting>> routes = builder
                .stream(topic.name(), topic.consumed(past + "payments-source")
                        .withTimestampExtractor(new PaymentTimestampExtractor(skew, pastAge)))
                .processValues(() -> new ValidatingProcessor<>(new PaymentCheck(skew, pastAge, Clock.systemUTC())),
                        Named.as("validate-" + past + "payment"))
                .process(() -> new PayerPartitionCheck(partitions, metrics),
                        Named.as("canonical-" + past + "payment-in-payer-partition"))
                .split(Named.as(past + "payer-partition-"))
                .branch((payer, routing) -> routing.misrouted(), Branched.as("misrouted"))
                .defaultBranch(Branched.as("own"));
        final KStream<String, PaymentTransaction> misrouted = routes.get(past + "payer-partition-misrouted")
                .mapValues(PayerRouting::payment, Named.as("misrouted-" + past + "payment"))
                .repartition(Repartitioned.<String, PaymentTransaction>as(rerouted)
                        .withKeySerde(topic.keySerde())
                        .withValueSerde(topic.valueSerde()));
        return routes.get(past + "payer-partition-own")
                .mapValues(PayerRouting::payment, Named.as("own-partition-" + past + "payment"))
                .merge(misrouted, Named.as(past + "payments-in-payer-partition"));
    }

    /** Every account's behaviour state, shared by the decision and the backfill in each account's task. */
    private void addBehaviourStores(final DecisionSettings settings) {
        PayerHistory.builders(settings.payerHistory()).forEach(builder::addStateStore);
        AccountHistory.builders(settings.accountHistory()).forEach(builder::addStateStore);
    }

    /**
     * Past payments ({@code stoppay backfill}) recorded in behaviour state and never decided: in
     * the payer's task as the payer's outflow, known payee and daily total, then, one repartition
     * later, in the payee's task as the payee's inflow. The stores are the decision's, so these
     * processors run in the decision's tasks, and the history topic must be partitioned like the
     * payments topic (checked at start).
     */
    private void recordPastPayments(final KStream<String, PaymentTransaction> pastPayments,
                                    final DecisionSettings settings) {
        pastPayments
                .process(() -> new BackfillPayerStage(settings), Named.as("record-past-payment-of-payer"),
                        PayerHistory.TXN_IDS, PayerHistory.PAST_TXN_IDS, PayerHistory.DAILY_TOTALS, PayerHistory.PAYEES,
                        AccountHistory.INFLOWS, AccountHistory.OUTFLOWS, AccountHistory.LAST_ACTIVE)
                .repartition(Repartitioned.<String, PaymentTransaction>as(PAST_PAYMENTS_BY_PAYEE)
                        .withKeySerde(topics.paymentHistory().keySerde())
                        .withValueSerde(topics.paymentHistory().valueSerde()))
                .process(() -> new BackfillPayeeStage(settings.accountHistory()), Named.as("record-past-payment-of-payee"),
                        AccountHistory.INFLOWS, AccountHistory.OUTFLOWS, AccountHistory.LAST_ACTIVE);
    }

    /**
     * A payment is decided in two steps of one sub-topology, with one repartition between them:
     * the payer's task (payer history, payer-stage rules), then the payee's task (payee history,
     * payee-stage rules, the verdict). Both are the task of an account: the payments topic and
     * both repartition topics are co-partitioned by account, so an account's inflows and
     * outflows meet in one store. Settlements go back to the payer's task beside the path.
     */
    private KStream<String, Interception> decide(final KStream<String, PaymentTransaction> payments,
                                                 final DecisionSettings settings) {
        builder.addStateStore(EventOrder.builder());
        builder.addStateStore(HoldQueue.builder(PayerStageProcessor.HELD));
        builder.addStateStore(HoldQueue.builder(PayeeStageProcessor.HELD));

        final KStream<String, Interception> decided = payments
                .process(() -> new PayerStageProcessor(settings), Named.as("payer-stage"),
                        PayerHistory.TXN_IDS, PayerHistory.DAILY_TOTALS, PayerHistory.PAYEES,
                        AccountHistory.INFLOWS, AccountHistory.OUTFLOWS, AccountHistory.LAST_ACTIVE,
                        EventOrder.STORE, PayerStageProcessor.HELD)
                .repartition(Repartitioned.<String, PendingDecision>as(PAYMENTS_BY_PAYEE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(AvroSerde.of(PendingDecision.class))
                        .withStreamPartitioner(new WatermarkPartitioner()))
                .process(() -> new PayeeStageProcessor(settings), Named.as("payee-stage"),
                        AccountHistory.INFLOWS, AccountHistory.OUTFLOWS, AccountHistory.LAST_ACTIVE,
                        EventOrder.STORE, PayeeStageProcessor.HELD);

        decided
                .flatMap((payee, interception) -> interception.settlement().stream()
                        .map(paid -> KeyValue.pair(interception.decision().getPayerAccountId(), paid)).toList(),
                        Named.as("settlement-by-payer"))
                .repartition(Repartitioned.<String, Settlement>as(SETTLEMENTS_BY_PAYER)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(AvroSerde.of(Settlement.class)))
                .process(() -> new SettlementProcessor(settings.payerHistory()), Named.as("apply-settlement"),
                        PayerHistory.TXN_IDS, PayerHistory.DAILY_TOTALS, PayerHistory.PAYEES);
        return decided;
    }

    /** Publishes each decision, its alert and its warnings; returns the decisions, metered, for the outcome loop. */
    private KStream<String, Interception> publish(final KStream<String, Interception> decided) {
        final KStream<String, Interception> interceptions = decided.processValues(
                () -> new DecisionMeteringProcessor(metrics), Named.as("measure-decision"));
        interceptions
                .map((payer, interception) -> KeyValue.pair(interception.decision().getTxnId(), interception.decision()),
                        Named.as("decision-by-txn-id"))
                .to(topics.decisions().name(), topics.decisions().produced("decisions-sink"));
        interceptions
                .flatMap((payee, interception) -> interception.alert().stream()
                        .map(alert -> KeyValue.pair(alert.getPayerAccountId(), alert)).toList(),
                        Named.as("stop-payment-alerts-by-payer"))
                .to(topics.stopPayments().name(), topics.stopPayments().produced("stop-payments-sink"));
        interceptions
                .flatMap((payer, interception) -> interception.warnings().stream()
                        .map(warning -> KeyValue.pair(warning.getRegionCode(), warning)).toList(),
                        Named.as("police-warnings-by-region"))
                .to(topics.policeWarnings().name(), topics.policeWarnings().produced("police-warnings-sink"));
        return interceptions;
    }

    /**
     * The outcome loop, beside the decision path: what banks and anti-fraud centres did about each
     * alert and warning. Every alert and warning issued goes, keyed {@code ALERT:<alertId>} or
     * {@code WARNING:<warningId>}, with the rules that fired and the payee, through
     * {@value #NOTICES_BY_ID}; every valid outcome, keyed alike, through {@value #OUTCOMES_BY_NOTICE}.
     * Both have the payments topic's partition count, so a notice and its outcomes meet in one task
     * of the join ({@link OutcomeLoopProcessor}), whichever arrives first. A bank's CONFIRMED_FRAUD
     * lists the payee account, with its audit record, in the same transaction: the restriction
     * graph reads the listing from the lists topic like any other.
     */
    private KStream<String, JoinedOutcome> closeTheLoop(final KStream<String, Interception> interceptions) {
        final int partitions = OrderingSettings.from(config, streamsProperties).upstreams();
        final Duration skew = config.duration(StopPayConfig.MAX_FUTURE_SKEW_MS);
        final KStream<String, OutcomeLoopInput> notices = interceptions
                .flatMap((key, interception) -> IssuedNotices.of(interception), Named.as("issued-notices"))
                .repartition(loopRepartition(NOTICES_BY_ID, partitions));
        final KStream<String, OutcomeLoopInput> alertOutcomes = validOutcomes(topics.stopPaymentOutcomes(),
                new StopPaymentOutcomeCheck(skew, Clock.systemUTC()), "stop-payment-outcome",
                (alertId, outcome) -> KeyValue.pair(IssuedNotices.alertKey(alertId),
                        OutcomeLoopInput.newBuilder().setAlertOutcome(outcome).build()));
        final KStream<String, OutcomeLoopInput> warningOutcomes = validOutcomes(topics.warningOutcomes(),
                new WarningOutcomeCheck(skew, Clock.systemUTC()), "warning-outcome",
                (warningId, outcome) -> KeyValue.pair(IssuedNotices.warningKey(warningId),
                        OutcomeLoopInput.newBuilder().setWarningOutcome(outcome).build()));
        final KStream<String, OutcomeLoopInput> outcomes = alertOutcomes
                .merge(warningOutcomes, Named.as("outcomes"))
                .repartition(loopRepartition(OUTCOMES_BY_NOTICE, partitions));

        OutcomeLoopProcessor.builders().forEach(builder::addStateStore);
        final KStream<String, JoinedOutcome> joined = notices
                .merge(outcomes, Named.as("notices-and-outcomes"))
                .process(() -> new OutcomeLoopProcessor(OutcomeLoopProcessor.Settings.from(config), metrics),
                        Named.as("join-outcome-to-notice"), OutcomeLoopProcessor.STORE, OutcomeLoopProcessor.DEADLINES,
                        OutcomeLoopProcessor.OVERDUE_COUNTS);
        final KStream<String, ListChange> listings = joined
                .flatMapValues(outcome -> outcome.listing().stream().toList(), Named.as("confirmed-fraud-listings"));
        listings
                .map((key, listing) -> KeyValue.pair(listing.listKey(), listing.entry()), Named.as("confirmed-fraud-list-entry"))
                .to(topics.lists().name(), topics.lists().produced("confirmed-fraud-lists-sink"));
        listings
                .map((key, listing) -> KeyValue.pair(listing.auditKey(), listing.audit()), Named.as("confirmed-fraud-list-audit"))
                .to(topics.listAudit().name(), topics.listAudit().produced("confirmed-fraud-audit-sink"));
        return joined;
    }

    /**
     * Statistics per region and Beijing day, beside the path: each decision's task adds up what its
     * decisions, alerts and warnings contribute ({@link StatisticsBatcher}, flushed every second), the
     * outcome loop's task likewise for each joined outcome; both batches go, keyed
     * {@code <region>|<yyyy-MM-dd>}, through {@value #STATISTICS_OF_DECISIONS} and
     * {@value #STATISTICS_OF_OUTCOMES} (co-partitioned: the payments topic's partition count) to the task
     * of the region-day, which keeps its total ({@link StatisticsAggregator}) and publishes it on the
     * compacted statistics topic. Every instance reads that topic back into the global store
     * {@value #REGION_DAILY_STATISTICS}, which the HTTP API serves.
     */
    private void countStatistics(final KStream<String, Interception> interceptions,
                                 final KStream<String, JoinedOutcome> joined) {
        final int partitions = OrderingSettings.from(config, streamsProperties).upstreams();
        final ZoneId zone = config.zone();
        builder.addStateStore(StatisticsBatcher.store(STATISTICS_BATCH_OF_DECISIONS));
        builder.addStateStore(StatisticsBatcher.store(STATISTICS_BATCH_OF_OUTCOMES));
        builder.addStateStore(StatisticsAggregator.store());
        final KStream<String, RegionDailyStatistics> ofDecisions = interceptions
                .process(() -> new StatisticsBatcher<Interception>(STATISTICS_BATCH_OF_DECISIONS,
                        interception -> DailyStatistics.of(interception, zone)),
                        Named.as("statistics-of-decisions"), STATISTICS_BATCH_OF_DECISIONS)
                .repartition(statisticsRepartition(STATISTICS_OF_DECISIONS, partitions));
        final KStream<String, RegionDailyStatistics> ofOutcomes = joined
                .process(() -> new StatisticsBatcher<JoinedOutcome>(STATISTICS_BATCH_OF_OUTCOMES,
                        outcome -> List.of(DailyStatistics.of(outcome, zone))),
                        Named.as("statistics-of-outcomes"), STATISTICS_BATCH_OF_OUTCOMES)
                .repartition(statisticsRepartition(STATISTICS_OF_OUTCOMES, partitions));
        ofDecisions
                .merge(ofOutcomes, Named.as("statistics-deltas"))
                .process(() -> new StatisticsAggregator(zone, config.intValue(StopPayConfig.STATISTICS_RETENTION_DAYS),
                        metrics), Named.as("add-up-statistics"), StatisticsAggregator.STORE)
                .to(topics.statistics().name(), topics.statistics().produced("statistics-sink"));
        // Kept as bytes: a query for all regions of a day scans every key and decodes only the day's.
        globalBytesTable(topics.statistics().name(), "statistics-source", REGION_DAILY_STATISTICS);
    }

    /** A global store {@code store} of {@code topic} with its values as written (decoded by whoever reads them). */
    private void globalBytesTable(final String topic, final String source, final String store) {
        builder.globalTable(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(source),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(store)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray())
                        .withCachingDisabled());
    }

    private static Repartitioned<String, RegionDailyStatistics> statisticsRepartition(final String name,
                                                                                      final int partitions) {
        return Repartitioned.<String, RegionDailyStatistics>as(name)
                .withKeySerde(Serdes.String())
                .withValueSerde(AvroSerde.of(RegionDailyStatistics.class))
                .withNumberOfPartitions(partitions);
    }

    /**
     * The valid outcomes of {@code topic} (the others dead-lettered), keyed as the loop keys their
     * notice; {@code name} names the processors ({@code <name>s-source}, {@code validate-<name>},
     * {@code <name>-by-notice}).
     */
    private <V> KStream<String, OutcomeLoopInput> validOutcomes(final Topic<String, V> topic, final RecordCheck<V> check,
            final String name, final KeyValueMapper<String, V, KeyValue<String, OutcomeLoopInput>> toLoop) {
        return builder.stream(topic.name(), topic.consumed(name + "s-source"))
                .processValues(() -> new ValidatingProcessor<>(check), Named.as("validate-" + name))
                .map(toLoop, Named.as(name + "-by-notice"));
    }

    private static Repartitioned<String, OutcomeLoopInput> loopRepartition(final String name, final int partitions) {
        return Repartitioned.<String, OutcomeLoopInput>as(name)
                .withKeySerde(Serdes.String())
                .withValueSerde(AvroSerde.of(OutcomeLoopInput.class))
                .withNumberOfPartitions(partitions);
    }
}
