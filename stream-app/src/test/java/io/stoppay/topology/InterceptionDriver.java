package io.stoppay.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoppay.behaviour.AccountHistory;
import io.stoppay.behaviour.LastActivity;
import io.stoppay.behaviour.RecentActivity;
import io.stoppay.config.StopPayConfig;
import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.outcome.NewestNotices;
import io.stoppay.outcome.OutcomeLoopProcessor;
import io.stoppay.restriction.SubjectKey;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.statistics.RegionDay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import stoppay.internal.v1.Flow;
import stoppay.internal.v1.NoticeKind;
import stoppay.internal.v1.OutcomeLoopEntry;
import stoppay.v1.AccountProfile;
import stoppay.v1.DeadLetter;
import stoppay.v1.LinkKind;
import stoppay.v1.ListAudit;
import stoppay.v1.Linkage;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RegionDailyStatistics;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskDecision;
import stoppay.v1.RiskListEntry;
import stoppay.v1.RuleSet;
import stoppay.v1.StopPaymentAlert;
import stoppay.v1.StopPaymentOutcome;
import stoppay.v1.SubjectType;
import stoppay.v1.SubjectUsage;
import stoppay.v1.WarningOutcome;

/**
 * The StopPay topologies under two {@link TopologyTestDriver}s, as the app runs them in two Kafka
 * Streams clients: the restriction graph ({@code graph}) and the decisions ({@code driver}). What
 * the graph publishes (restrictions, holder usage) is relayed to the decisions' global stores
 * after every input and every advance of the clock, as the brokers would. Every input and output
 * topic has the real serdes, so tests speak in contract records.
 */
final class InterceptionDriver implements AutoCloseable {

    final TopologyTestDriver driver;
    final TopologyTestDriver graph;
    final Topics topics;
    final InterceptionMetrics metrics;
    private final Path stateDir;
    private final AccountHistory.Settings history;
    private final TestInputTopic<String, PaymentTransaction> payments;
    private final TestInputTopic<String, PaymentTransaction> paymentHistory;
    private final TestInputTopic<byte[], byte[]> rawPayments;
    private final TestInputTopic<String, RiskListEntry> lists;
    private final TestInputTopic<String, Linkage> linkages;
    private final TestInputTopic<String, AccountProfile> accounts;
    private final TestInputTopic<String, RuleSet> rules;
    private final TestOutputTopic<String, RiskDecision> decisions;
    private final TestOutputTopic<String, StopPaymentAlert> alerts;
    private final TestOutputTopic<String, PoliceWarning> warnings;
    private final TestOutputTopic<String, RestrictionStatus> graphRestrictions;
    private final TestOutputTopic<String, SubjectUsage> graphUsage;
    private final TestOutputTopic<byte[], DeadLetter> graphDeadLetters;
    private final TestInputTopic<String, RestrictionStatus> restrictionsIn;
    private final TestInputTopic<String, SubjectUsage> usageIn;
    private final List<KeyValue<String, RestrictionStatus>> restrictionChanges = new ArrayList<>();
    private final List<KeyValue<byte[], DeadLetter>> graphLetters = new ArrayList<>();
    private final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private final TestInputTopic<String, StopPaymentOutcome> alertOutcomes;
    private final TestInputTopic<String, WarningOutcome> warningOutcomes;
    private final TestInputTopic<byte[], byte[]> rawAlertOutcomes;
    private final TestOutputTopic<String, RiskListEntry> listsWritten;
    private final TestOutputTopic<String, ListAudit> auditWritten;
    private final List<KeyValue<String, RiskListEntry>> listed = new ArrayList<>();
    private final TestOutputTopic<String, RegionDailyStatistics> statistics;

    InterceptionDriver() {
        this(Map.of());
    }

    InterceptionDriver(final Map<String, String> overrides) {
        this(overrides, Map.of());
    }

    /** With {@code streamsProperties} added to what StopPay sets, as the app adds the payments partition count. */
    InterceptionDriver(final Map<String, String> overrides, final Map<String, Object> streamsProperties) {
        final Map<String, String> settings = new HashMap<>(overrides);
        settings.putIfAbsent(StopPayConfig.KAFKA_PREFIX + StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // Each driver its own state: a store left by another test or topology would be "corrupted" here.
        this.stateDir = newStateDir();
        settings.put(StopPayConfig.STATE_DIR, stateDir.toString());
        final StopPayConfig config = StopPayConfig.of(settings);
        this.history = AccountHistory.Settings.from(config);
        final Properties props = StreamsSettings.from(config);
        this.topics = Topics.from(config);
        this.metrics = new InterceptionMetrics(new SimpleMeterRegistry());
        props.put(InterceptionMetrics.STREAMS_PROPERTY, metrics);
        props.putAll(streamsProperties);
        this.driver = new TopologyTestDriver(InterceptionTopology.build(config, props, metrics), props, Payments.T0);
        final Properties graphProps = StreamsSettings.forRestrictions(config);
        graphProps.put(InterceptionMetrics.STREAMS_PROPERTY, metrics);
        graphProps.putAll(streamsProperties);
        this.graph = new TopologyTestDriver(RestrictionTopology.build(config, graphProps), graphProps, Payments.T0);
        this.payments = input(driver, topics.payments());
        this.paymentHistory = input(driver, topics.paymentHistory());
        this.rawPayments = driver.createInputTopic(topics.payments().name(), new ByteArraySerializer(),
                new ByteArraySerializer(), Payments.T0, Duration.ZERO);
        this.lists = input(graph, topics.lists());
        this.linkages = input(graph, topics.linkages());
        this.graphRestrictions = output(graph, topics.restrictions());
        this.graphUsage = output(graph, topics.subjectUsage());
        this.graphDeadLetters = output(graph, topics.deadLetters());
        this.restrictionsIn = input(driver, topics.restrictions());
        this.usageIn = input(driver, topics.subjectUsage());
        this.accounts = input(driver, topics.accounts());
        this.rules = input(driver, topics.rules());
        this.decisions = output(driver, topics.decisions());
        this.alerts = output(driver, topics.stopPayments());
        this.warnings = output(driver, topics.policeWarnings());
        this.deadLetters = output(driver, topics.deadLetters());
        this.alertOutcomes = input(driver, topics.stopPaymentOutcomes());
        this.warningOutcomes = input(driver, topics.warningOutcomes());
        this.rawAlertOutcomes = driver.createInputTopic(topics.stopPaymentOutcomes().name(), new ByteArraySerializer(),
                new ByteArraySerializer(), Payments.T0, Duration.ZERO);
        this.listsWritten = output(driver, topics.lists());
        this.auditWritten = output(driver, topics.listAudit());
        this.statistics = output(driver, topics.statistics());
    }

    /** Every statistics record (total or tombstone) published since the last call. */
    List<KeyValue<String, RegionDailyStatistics>> statistics() {
        return statistics.readKeyValuesToList();
    }

    /** The statistics of a region-day as every instance's global store holds them (what the HTTP API reads); null if none. */
    RegionDailyStatistics statisticsOf(final String region, final LocalDate day) {
        final byte[] stored = statisticsStore().get(RegionDay.key(region, day));
        return stored == null ? null : AvroSerde.of(RegionDailyStatistics.class).decode(stored);
    }

    /** The global store of the statistics topic. */
    KeyValueStore<String, byte[]> statisticsStore() {
        return driver.getKeyValueStore(InterceptionTopology.REGION_DAILY_STATISTICS);
    }

    /** A bank's outcome, keyed by its alertId, stamped {@code kafkaTimestamp}. */
    InterceptionDriver alertOutcome(final StopPaymentOutcome outcome, final Instant kafkaTimestamp) {
        return alertOutcome(outcome.getAlertId(), outcome, kafkaTimestamp);
    }

    InterceptionDriver alertOutcome(final String key, final StopPaymentOutcome outcome, final Instant kafkaTimestamp) {
        alertOutcomes.pipeInput(key, outcome, kafkaTimestamp);
        relayListings();
        return this;
    }

    InterceptionDriver alertOutcomeRaw(final byte[] key, final byte[] value) {
        rawAlertOutcomes.pipeInput(key, value, Payments.T0);
        return this;
    }

    /** An anti-fraud centre's outcome, keyed by its warningId, stamped {@code kafkaTimestamp}. */
    InterceptionDriver warningOutcome(final WarningOutcome outcome, final Instant kafkaTimestamp) {
        return warningOutcome(outcome.getWarningId(), outcome, kafkaTimestamp);
    }

    InterceptionDriver warningOutcome(final String key, final WarningOutcome outcome, final Instant kafkaTimestamp) {
        warningOutcomes.pipeInput(key, outcome, kafkaTimestamp);
        relayListings();
        return this;
    }

    /** Every list record the decisions wrote (confirmed-fraud outcomes) since the last call; the graph has applied them. */
    List<KeyValue<String, RiskListEntry>> listedByOutcomes() {
        final List<KeyValue<String, RiskListEntry>> all = List.copyOf(listed);
        listed.clear();
        return all;
    }

    /** Every audit record the decisions wrote since the last call. */
    List<KeyValue<String, ListAudit>> auditedByOutcomes() {
        return auditWritten.readKeyValuesToList();
    }

    /** The outcome loop's entry under {@code key} ({@code ALERT:<alertId>}, {@code WARNING:<warningId>}); null if none. */
    OutcomeLoopEntry loopEntry(final String key) {
        return driver.<String, OutcomeLoopEntry>getKeyValueStore(OutcomeLoopProcessor.STORE).get(key);
    }

    /** The newest entries of the outcome loop, read as the console reads a task's stores. */
    NewestNotices.Found newestNotices(final NoticeKind kind, final Predicate<OutcomeLoopEntry> wanted, final int limit,
                                      final int maxRead) {
        final KeyValueStore<String, OutcomeLoopEntry> entries = driver.getKeyValueStore(OutcomeLoopProcessor.STORE);
        try (KeyValueIterator<String, String> deadlines = driver.<String, String>getKeyValueStore(
                OutcomeLoopProcessor.DEADLINES).reverseAll()) {
            return NewestNotices.of(deadlines, entries::get, kind, wanted, limit, maxRead);
        }
    }

    /** What the decisions listed, applied by the graph as the brokers would carry it there. */
    private void relayListings() {
        for (final TestRecord<String, RiskListEntry> entry : listsWritten.readRecordsToList()) {
            lists.pipeInput(entry);
            listed.add(KeyValue.pair(entry.key(), entry.value()));
        }
        relay();
    }

    // ---- inputs

    InterceptionDriver pay(final PaymentTransaction txn) {
        payments.pipeInput(txn.getPayer().getAccountId(), txn, txn.getEventTime());
        relayListings();
        return this;
    }

    InterceptionDriver pay(final String key, final PaymentTransaction txn, final Instant kafkaTimestamp) {
        payments.pipeInput(key, txn, kafkaTimestamp);
        return this;
    }

    /** A past payment as {@code stoppay backfill} writes it: keyed by payer, published at {@code T0}. */
    InterceptionDriver backfill(final PaymentTransaction txn) {
        paymentHistory.pipeInput(txn.getPayer().getAccountId(), txn, Payments.T0);
        return this;
    }

    InterceptionDriver payRaw(final byte[] key, final byte[] value) {
        rawPayments.pipeInput(key, value, Payments.T0);
        return this;
    }

    InterceptionDriver list(final RiskListEntry entry) {
        lists.pipeInput(entry.getSubjectType() + ":" + entry.getSubjectId(), entry, Payments.T0);
        relay();
        return this;
    }

    InterceptionDriver listWithKey(final String key, final RiskListEntry entry) {
        lists.pipeInput(key, entry, Payments.T0);
        relay();
        return this;
    }

    InterceptionDriver release(final SubjectType type, final String id) {
        return releaseKey(type + ":" + id);
    }

    /** A tombstone under {@code key} as written: {@code TYPE:id} or {@code TYPE:id|source}. */
    InterceptionDriver releaseKey(final String key) {
        lists.pipeInput(key, null, Payments.T0);
        relay();
        return this;
    }

    InterceptionDriver link(final Linkage linkage) {
        linkages.pipeInput(linkKey(linkage), linkage, Payments.T0);
        relay();
        return this;
    }

    InterceptionDriver linkWithKey(final String key, final Linkage linkage) {
        linkages.pipeInput(key, linkage, Payments.T0);
        relay();
        return this;
    }

    InterceptionDriver unlink(final SubjectType aType, final String aId, final SubjectType bType, final String bId) {
        return unlinkKey(aType + ":" + aId + "|" + bType + ":" + bId);
    }

    /** A linkage tombstone under {@code key} as written. */
    InterceptionDriver unlinkKey(final String key) {
        linkages.pipeInput(key, null, Payments.T0);
        relay();
        return this;
    }

    InterceptionDriver link(final SubjectType aType, final String aId, final SubjectType bType, final String bId,
                            final LinkKind kind) {
        return link(Payments.link(aType, aId, bType, bId, kind));
    }

    InterceptionDriver account(final AccountProfile profile) {
        accounts.pipeInput(profile.getAccountId(), profile, Payments.T0);
        return this;
    }

    InterceptionDriver ruleset(final RuleSet ruleSet) {
        rules.pipeInput(ruleSet.getRulesetId(), ruleSet, Payments.T0);
        return this;
    }

    /**
     * Lets {@code duration} of wall-clock time pass in steps of {@code step}, so that punctuations
     * run as often as they would (the driver runs each at most once per advance).
     */
    InterceptionDriver letTimePass(final Duration duration, final Duration step) {
        for (Duration passed = Duration.ZERO; passed.compareTo(duration) < 0; passed = passed.plus(step)) {
            graph.advanceWallClockTime(step);
            relay();
            driver.advanceWallClockTime(step);
            relayListings();
        }
        return this;
    }

    InterceptionDriver advanceWallClock(final Duration duration) {
        graph.advanceWallClockTime(duration);
        relay();
        driver.advanceWallClockTime(duration);
        relayListings();
        return this;
    }

    // ---- outputs and state

    List<KeyValue<String, RiskDecision>> decisions() {
        return decisions.readKeyValuesToList();
    }

    RiskDecision onlyDecision() {
        final List<KeyValue<String, RiskDecision>> all = decisions();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one decision, got " + all);
        }
        return all.get(0).value;
    }

    List<KeyValue<String, StopPaymentAlert>> alerts() {
        return alerts.readKeyValuesToList();
    }

    List<KeyValue<String, PoliceWarning>> warnings() {
        return warnings.readKeyValuesToList();
    }

    /** Every restriction change the graph published since the last call. */
    List<KeyValue<String, RestrictionStatus>> restrictionChanges() {
        final List<KeyValue<String, RestrictionStatus>> changes = List.copyOf(restrictionChanges);
        restrictionChanges.clear();
        return changes;
    }

    /** Every dead letter since the last call: the graph's (lists, linkages), then the decisions'. */
    List<KeyValue<byte[], DeadLetter>> deadLetters() {
        final List<KeyValue<byte[], DeadLetter>> letters = new ArrayList<>(graphLetters);
        graphLetters.clear();
        letters.addAll(deadLetters.readKeyValuesToList());
        return letters;
    }

    /** The restriction status every instance sees (the global store), or null. */
    /** The published status of the subject {@code id} names, however it is written; null if none. */
    RestrictionStatus statusOf(final SubjectType type, final String id) {
        return driver.<String, RestrictionStatus>getKeyValueStore(InterceptionTopology.RESTRICTED_SUBJECTS)
                .get(SubjectKey.forLookup(type, id).toString());
    }

    /** What the payee's and payer's tasks remember of an account, as the query API reads it; null if nothing. */
    RecentActivity activityOf(final String account) {
        return AccountHistory.queried(driver.<String, Flow>getWindowStore(AccountHistory.INFLOWS),
                driver.<String, Flow>getWindowStore(AccountHistory.OUTFLOWS),
                driver.<String, LastActivity>getKeyValueStore(AccountHistory.LAST_ACTIVE), account, history).orElse(null);
    }

    /** Every inflow the store still holds for {@code account}, past the retention too, oldest first. */
    List<String> storedInflowTxnIds(final String account) {
        final List<String> txnIds = new ArrayList<>();
        try (var stored = driver.<String, Flow>getWindowStore(AccountHistory.INFLOWS)
                .fetch(account, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            stored.forEachRemaining(flow -> txnIds.add(flow.value.getTxnId()));
        }
        return txnIds;
    }

    static byte[] encode(final PaymentTransaction txn) {
        return AvroSerde.of(PaymentTransaction.class).encode(txn);
    }

    @Override
    public void close() {
        driver.close();
        graph.close();
        try {
            Utils.delete(stateDir.toFile());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path newStateDir() {
        try {
            return Files.createTempDirectory("stoppay-ttd");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String linkKey(final Linkage linkage) {
        return linkage.getAType() + ":" + linkage.getAId() + "|" + linkage.getBType() + ":" + linkage.getBId();
    }

    private static <K, V> TestInputTopic<K, V> input(final TopologyTestDriver to, final Topic<K, V> topic) {
        return to.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private static <K, V> TestOutputTopic<K, V> output(final TopologyTestDriver from, final Topic<K, V> topic) {
        return from.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    /** What the graph published since the last relay, into the decisions' global stores. */
    private void relay() {
        for (final TestRecord<String, RestrictionStatus> change : graphRestrictions.readRecordsToList()) {
            restrictionsIn.pipeInput(change);
            restrictionChanges.add(KeyValue.pair(change.key(), change.value()));
        }
        graphUsage.readRecordsToList().forEach(usageIn::pipeInput);
        graphLetters.addAll(graphDeadLetters.readKeyValuesToList());
    }

    static byte[] utf8(final String text) {
        return new StringSerializer().serialize("", text);
    }
}
