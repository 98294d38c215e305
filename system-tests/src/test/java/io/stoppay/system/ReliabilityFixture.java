package io.stoppay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stoppay.app.TopicProvisioner;
import io.stoppay.config.StopPayConfig;
import io.stoppay.loadtest.TopicLog;
import io.stoppay.loadtest.generator.DetectionTally;
import io.stoppay.loadtest.generator.Expectation;
import io.stoppay.loadtest.generator.PaymentLabel;
import io.stoppay.loadtest.generator.Scenario;
import io.stoppay.topology.StreamsSettings;
import io.stoppay.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import stoppay.v1.Action;
import stoppay.v1.DeadLetter;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;
import stoppay.v1.StopPaymentAlert;

/**
 * The world of a reliability test: a real broker (a process of its own), StopPay's topics, a labelled population and
 * its payment feed, and StopPay instances as processes of their own. After the test has done its
 * worst, the checks read everything StopPay published and compare it with what was sent.
 */
final class ReliabilityFixture implements AutoCloseable {

    static final int PARTITIONS = 6;
    static final String APPLICATION_ID = "stoppay-reliability";
    /** The restriction graph's own Kafka Streams client in every instance. */
    static final String GRAPH_APPLICATION_ID = StreamsSettings.restrictionsApplicationId(APPLICATION_ID);
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    /** Payments per second of every feed. */
    static final int RATE = Integer.getInteger("reliability.rate", 150);
    /** How many times longer than the reduced form each feed runs (the long form's profile sets it). */
    static final int LENGTH = Integer.getInteger("reliability.length", 1);
    private static final int ACCOUNTS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The benchmark's target for ordinary payments held or stopped: a crash must not make it worse. */
    private static final double MAX_FALSE_POSITIVE_RATE = 0.005;
    private static final int MAX_FLOWS = StopPayConfig.of(Map.of()).intValue(StopPayConfig.BEHAVIOUR_MAX_FLOWS);

    private final Path work;
    private final AutoCloseable kafka;
    private final String bootstrapServers;
    /** The single broker, to stop and start; absent on a multi-node cluster. */
    private final BrokerProcess broker;
    private final Admin admin;
    private final Topics topics = Topics.from(StopPayConfig.of(Map.of()));
    private final PaymentFeed feed;
    private final List<StopPayInstance> instances = new ArrayList<>();
    private final Map<String, String> settings = new HashMap<>();

    private ReliabilityFixture(final Path work, final long seed, final int brokers) throws Exception {
        this.work = work;
        if (brokers == 1) {
            this.broker = BrokerProcess.start(work.resolve("broker"));
            this.kafka = broker;
            this.bootstrapServers = broker.bootstrapServers();
        } else {
            final KraftCluster cluster = KraftCluster.start(work.resolve("kafka"), brokers);
            this.broker = null;
            this.kafka = cluster;
            this.bootstrapServers = cluster.bootstrapServers();
            // As in production: internal topics replicated like the cluster's own.
            settings.put(StopPayConfig.REPLICATION_FACTOR, "3");
        }
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        // Payments and decisions are stamped by the broker, so that recovery times are read off one clock.
        final Map<String, String> appendTime = Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        TopicProvisioner.createIfAbsent(admin, List.of(
                new NewTopic(topics.payments().name(), Optional.of(PARTITIONS), Optional.empty()).configs(appendTime),
                new NewTopic(topics.decisions().name(), Optional.of(PARTITIONS), Optional.empty()).configs(appendTime)));
        new TopicProvisioner(admin, topics).createMissing(PARTITIONS);
        this.feed = new PaymentFeed(bootstrapServers, seed, ACCOUNTS);
        settings.put(StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", bootstrapServers);
        settings.put(StopPayConfig.APPLICATION_ID, APPLICATION_ID);
        settings.put(StopPayConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
        settings.put(StopPayConfig.NUM_STANDBY_REPLICAS, "1");
        settings.put(StopPayConfig.SHUTDOWN_TIMEOUT_MS, "20000");
    }

    /** How many payments make {@code seconds} of traffic in this form of the tests. */
    static int paymentsFor(final int seconds) {
        return seconds * RATE * LENGTH;
    }

    /** A broker with StopPay's topics and the population's reference data published. */
    static ReliabilityFixture start(final Path work, final long seed) throws Exception {
        return start(work, seed, 1);
    }

    /** The same on a KRaft cluster of {@code brokers} broker processes (replication 3 when there are 3). */
    static ReliabilityFixture start(final Path work, final long seed, final int brokers) throws Exception {
        final ReliabilityFixture fixture = new ReliabilityFixture(work, seed, brokers);
        fixture.feed.publishReferenceData();
        return fixture;
    }

    PaymentFeed feed() {
        return feed;
    }

    Topics topics() {
        return topics;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The single broker, to stop and start again. */
    BrokerProcess broker() {
        if (broker == null) {
            throw new IllegalStateException("this fixture runs a multi-node cluster");
        }
        return broker;
    }

    /** A new instance (not started yet) of the one StopPay application under test. */
    StopPayInstance instance(final String name) {
        return instance(name, Map.of());
    }

    /** An instance with {@code overrides} on top of the fixture's settings. */
    StopPayInstance instance(final String name, final Map<String, String> overrides) {
        final Map<String, String> merged = new HashMap<>(settings);
        merged.putAll(overrides);
        final StopPayInstance instance = StopPayInstance.create(name, work, merged);
        instances.add(instance);
        return instance;
    }

    /** Members of StopPay's consumer group now: one per live instance once a rebalance has settled. */
    int groupMembers() throws Exception {
        return admin.describeConsumerGroups(List.of(APPLICATION_ID)).all().get(30, TimeUnit.SECONDS)
                .get(APPLICATION_ID).members().size();
    }

    /**
     * Waits until the instances have taken in the reference data: a bank loads its lists long
     * before payments flow, and a listed payee paid before its listing arrived is not a failure.
     */
    void awaitReferenceData(final StopPayInstance instance) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> instance.ready()
                && TopicLog.consumedToEnd(admin, APPLICATION_ID, feed.referenceTopics())
                && TopicLog.consumedToEnd(admin, GRAPH_APPLICATION_ID, feed.graphTopics(GRAPH_APPLICATION_ID))
                && restricted(instance, feed.lastListedSubject()));
    }

    private static boolean restricted(final StopPayInstance instance, final String subject) throws IOException {
        final var answer = instance.get("/v1/subjects/" + subject.replace(':', '/'));
        return answer != null && answer.statusCode() == 200 && JSON.readTree(answer.body()).get("restricted").asBoolean();
    }

    /**
     * Waits for the feed to finish sending, then reads the outputs until every payment sent is
     * decided and every poison record dead-lettered (each wait up to {@code timeout}).
     */
    PublishedOutputs awaitEverythingDecided(final Duration timeout) throws InterruptedException {
        feed.awaitSent(timeout);
        final Set<String> sent = feed.labels().keySet();
        final Set<String> poison = feed.poisonKeys();
        awaitOutputs(out -> out.decisions().keySet().containsAll(sent) && poisonKeysIn(out).containsAll(poison),
                timeout);
        // A transaction's commit markers reach its partitions one by one, so a decision can be readable
        // while the alert written in the same transaction is not yet (seen once on the 3-node cluster):
        // read everything again once no transaction is open.
        await().atMost(timeout).until(this::noOpenTransactions);
        return outputsNow();
    }

    /** Reads StopPay's outputs until {@code done} holds (failing after {@code timeout}), then on to their end. */
    PublishedOutputs awaitOutputs(final Predicate<PublishedOutputs> done, final Duration timeout) {
        try (PublishedOutputs outputs = new PublishedOutputs(bootstrapServers, topics)) {
            return outputs.readUntil(done, timeout).readToEnd();
        }
    }

    /** Everything StopPay has published and committed so far. */
    PublishedOutputs outputsNow() {
        return awaitOutputs(out -> true, Duration.ZERO);
    }

    /**
     * True when no transaction is open on StopPay's outputs: what a read_committed consumer sees of
     * them is final until StopPay writes again. After a SIGKILL it becomes true once the broker has
     * aborted the dead instance's open transactions (its transaction timeout, then the broker's next sweep).
     */
    boolean noOpenTransactions() throws Exception {
        final List<String> outputs = List.of(topics.decisions().name(), topics.stopPayments().name(),
                topics.policeWarnings().name(), topics.deadLetters().name());
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(outputs).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(topic -> topic
                .partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
        final var committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(30, TimeUnit.SECONDS);
        final var written = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all().get(30, TimeUnit.SECONDS);
        return latest.keySet().stream().allMatch(p -> committed.get(p).offset() == written.get(p).offset());
    }

    /**
     * Detection per scenario as the benchmark judges it ({@link DetectionTally}: held or stopped
     * from an episode's threshold on), over the decided payments that {@code which} selects, each by
     * its first decision.
     */
    DetectionTally detection(final PublishedOutputs out, final Predicate<String> which) {
        final Map<String, PaymentLabel> sent = feed.labels();
        final DetectionTally tally = new DetectionTally();
        out.decisions().forEach((txnId, decisions) -> {
            if (which.test(txnId) && sent.containsKey(txnId)) {
                tally.record(sent.get(txnId), decisions.get(0).getAction());
            }
        });
        return tally;
    }

    /** How many of {@code ordinary} payments may be held or stopped: the benchmark's false-positive target. */
    static int falsePositivesAllowed(final long ordinary) {
        return (int) (ordinary * MAX_FALSE_POSITIVE_RATE);
    }

    /**
     * Every payment decided once, every alert and warning once, every poison record dead-lettered
     * once, listed and linked payees held or stopped, and no more false positives than without faults.
     */
    ExactlyOnceReport assertExactlyOnce(final PublishedOutputs out) {
        final Map<String, PaymentLabel> sent = feed.labels();
        assertThat(out.decisions().keySet()).as("decided payments").isEqualTo(sent.keySet());
        assertThat(moreThanOnce(out.decisions())).as("payments decided more than once").isEmpty();

        // HOLD and STOP_PAYMENT both stop the money, and both are alerted.
        final Set<String> stopped = out.decisions().entrySet().stream()
                .filter(e -> Expectation.intercepts(e.getValue().get(0).getAction()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(out.alerts().keySet()).as("stop-payment alerts, by txnId").isEqualTo(stopped);
        assertThat(moreThanOnce(out.alerts())).as("stop-payment alerts published more than once").isEmpty();
        assertThat(out.alerts().values().stream().flatMap(List::stream).map(StopPaymentAlert::getAlertId).distinct()
                .count()).as("distinct alert ids").isEqualTo(stopped.size());

        final Map<String, Long> warnings = out.warnings().stream().collect(Collectors.groupingBy(
                w -> w.getTxnId() + "/" + w.getKind() + "/" + w.getRegionCode(), TreeMap::new, Collectors.counting()));
        assertThat(warnings.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("police warnings published more than once").isEmpty();
        assertThat(out.warnings().stream().map(PoliceWarning::getTxnId).filter(txn -> !sent.containsKey(txn)).toList())
                .as("warnings for payments never sent").isEmpty();

        final Map<String, Long> poison = out.deadLetters().stream()
                .filter(d -> key(d).startsWith(PaymentFeed.POISON_PREFIX))
                .collect(Collectors.groupingBy(ReliabilityFixture::key, Collectors.counting()));
        assertThat(poison.keySet()).as("dead-lettered poison records").isEqualTo(feed.poisonKeys());
        assertThat(poison.values()).as("dead letters per poison record").allMatch(count -> count == 1);
        assertThat(out.deadLetters()).as("dead letters carry their reason").allMatch(d -> !d.getReason().isBlank());

        final long mustStop = sent.values().stream().filter(ReliabilityFixture::listedOrLinkedPayee).count();
        assertThat(sent.entrySet().stream().filter(e -> listedOrLinkedPayee(e.getValue()))
                .map(e -> e.getKey() + "=" + out.decisions().get(e.getKey()).get(0).getAction())
                .filter(decided -> !decided.endsWith("=" + Action.HOLD) && !decided.endsWith("=" + Action.STOP_PAYMENT))
                .toList()).as("listed or linked payees paid but neither held nor stopped").isEmpty();
        final List<RiskDecision> ordinaryStopped = sent.entrySet().stream()
                .filter(e -> !e.getValue().fraud() && stopped.contains(e.getKey()))
                .map(e -> out.decisions().get(e.getKey()).get(0)).toList();
        final Map<String, Long> ordinaryStoppedBy = ordinaryStopped.stream()
                .flatMap(d -> d.getHits().stream().map(RuleHit::getRuleId))
                .collect(Collectors.groupingBy(rule -> rule, TreeMap::new, Collectors.counting()));
        final long ordinary = sent.values().stream().filter(label -> !label.fraud()).count();
        assertThat(ordinaryStopped.size()).as("ordinary payments held or stopped, by rule: " + ordinaryStoppedBy)
                .isLessThanOrEqualTo(falsePositivesAllowed(ordinary));
        return new ExactlyOnceReport(sent.size(), out.decisions().values().stream().mapToInt(List::size).sum(),
                stopped.size(), out.warnings().size(), poison.size(), mustStop, ordinaryStopped.size(), ordinaryStoppedBy);
    }

    /** What the exactly-once check covered, for the results file. */
    record ExactlyOnceReport(int paymentsSent, int decisions, int alerts, int policeWarnings, int deadLetters,
                             long listedOrLinkedPayeesStopped, long ordinaryPaymentsStopped,
                             Map<String, Long> ordinaryStoppedByRule) {

        @Override
        public String toString() {
            return String.format("%d payments sent, %d decisions, %d stop-payment alerts (%d of them on ordinary "
                    + "payments%s), %d police warnings, %d poison records dead-lettered, %d listed or linked payees all "
                    + "held or stopped", paymentsSent, decisions, alerts, ordinaryPaymentsStopped,
                    ordinaryStoppedByRule.isEmpty() ? "" : ", rules hit: " + ordinaryStoppedByRule, policeWarnings,
                    deadLetters, listedOrLinkedPayeesStopped);
        }
    }

    private static boolean listedOrLinkedPayee(final PaymentLabel label) {
        return label.scenario() == Scenario.LISTED_PAYEE || label.scenario() == Scenario.LINKED_PAYEE_1_HOP
                || label.scenario() == Scenario.LINKED_PAYEE_2_HOPS;
    }

    /**
     * Each account's remembered payments, as the query API answers, match what was sent: none
     * lost and none counted twice by a restore from the changelogs.
     */
    int assertBehaviourMatchesInput(final StopPayInstance instance, final int accountsToCheck) throws IOException {
        final Map<String, int[]> expected = new LinkedHashMap<>();
        for (final PaymentTransaction payment : feed.payments()) {
            expected.computeIfAbsent(payment.getPayer().getAccountId(), a -> new int[2])[1]++;
            expected.computeIfAbsent(payment.getPayee().getAccountId(), a -> new int[2])[0]++;
        }
        final List<String> accounts = expected.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
                .limit(accountsToCheck).map(Map.Entry::getKey).toList();
        for (final String account : accounts) {
            final int[] sent = expected.get(account);
            final int[] remembered = {Math.min(sent[0], MAX_FLOWS), Math.min(sent[1], MAX_FLOWS)};
            // 503 while tasks move between instances: ask again until the owner answers. An inflow
            // is recorded by the payee's task after the payer's task published the decision, so a
            // complete output may still be a moment ahead of the payee's state: ask again while any
            // side is short. A side counted twice is never waited for: it fails at once.
            final var answer = await().atMost(Duration.ofMinutes(1)).until(
                    () -> instance.get("/v1/subjects/ACCOUNT/" + account),
                    a -> a != null && a.statusCode() == 200 && !shortOf(remembered, flowsRemembered(a.body())));
            // The query shows what the rules see: at most max.flows newest payments each way.
            assertThat(flowsRemembered(answer.body()))
                    .as("inflows and outflows remembered for " + account)
                    .containsExactly(remembered);
        }
        return accounts.size();
    }

    private static int[] flowsRemembered(final String subjectAnswer) {
        final JsonNode behaviour;
        try {
            behaviour = JSON.readTree(subjectAnswer).get("behaviour");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return new int[] {behaviour.at("/inflows/payments").asInt(), behaviour.at("/outflows/payments").asInt()};
    }

    private static boolean shortOf(final int[] expected, final int[] actual) {
        return actual[0] < expected[0] || actual[1] < expected[1];
    }

    /** No card, phone, ID hash or person's name in any instance's logs or metrics, or in the police feed. */
    int assertNoPersonalData(final PublishedOutputs out) throws IOException {
        final PiiScan scan = new PiiScan(feed.payments());
        final Map<String, String> texts = new TreeMap<>();
        texts.put("police warnings", out.warningText());
        for (final StopPayInstance instance : instances) {
            for (final Path log : instance.logs()) {
                texts.put(log.toString(), Files.readString(log));
            }
            if (instance.alive()) {
                final var metrics = instance.get("/metrics");
                texts.put(instance.name() + " /metrics", metrics == null ? "" : metrics.body());
            }
        }
        assertThat(scan.size()).as("personal data items looked for").isPositive();
        assertThat(scan.findIn(texts)).as("personal data found").isEmpty();
        return scan.size();
    }

    /** Appends a line to {@code target/reliability-results.md}: the numbers of the long form are committed from it. */
    static void record(final String test, final String line) {
        final Path results = Path.of("target", "reliability-results.md");
        try {
            Files.writeString(results, "- " + test + ": " + line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> List<String> moreThanOnce(final Map<String, List<T>> byTxn) {
        return byTxn.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    }

    private static Set<String> poisonKeysIn(final PublishedOutputs out) {
        return out.deadLetters().stream().map(ReliabilityFixture::key).collect(Collectors.toSet());
    }

    private static String key(final DeadLetter deadLetter) {
        if (deadLetter.getKey() == null) {
            return "";
        }
        final var buffer = deadLetter.getKey().duplicate();
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        instances.forEach(StopPayInstance::close);
        feed.close();
        admin.close();
        try {
            kafka.close();
        } catch (final Exception e) {
            throw new IllegalStateException("stopping Kafka failed", e);
        }
    }
}
