package io.stoppay.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoppay.config.StopPayConfig;
import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.topology.InterceptionTopology;
import io.stoppay.topology.RestrictionTopology;
import io.stoppay.topology.StreamsSettings;
import io.stoppay.topology.Topic;
import io.stoppay.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import stoppay.v1.AccountProfile;
import stoppay.v1.Action;
import stoppay.v1.Linkage;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskDecision;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskListEntry;
import stoppay.v1.RuleHit;

/**
 * Generated traffic through the real StopPay topology (built-in ruleset) under
 * {@link TopologyTestDriver}: reference data first, then every payment with its event time as
 * the record timestamp, 20 a second. Checks that every scenario is intercepted as its labels
 * say and that ordinary traffic passes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratorTopologyTest {

    private static final Instant START = Instant.parse("2026-11-23T01:00:00Z");
    private static final int ACCOUNTS = 5_000;
    private static final int PAYMENTS = 20_000;
    private static final Duration SPACING = Duration.ofMillis(50);
    private static final TrafficMix MIX = TrafficMix.parse("ordinary=0.60,split_bill=0.05,red_packet=0.05,"
            + "family_and_rent=0.03,payroll_run=0.04,grandparent_gift=0.01,refund=0.02,"
            + "listed_payee=0.02,linked_payee_1_hop=0.02,"
            + "linked_payee_2_hops=0.02,elderly_large_new_payee=0.02,mule_fan_in=0.05,mule_pass_through=0.01,"
            + "dormant_reactivated=0.004,card_farming_device=0.05,scam_walk=0.02");

    private final List<PaymentLabel> labels = new ArrayList<>();
    private final Map<String, RiskDecision> decisions = new HashMap<>();
    private final DetectionTally tally = new DetectionTally();
    private Path stateDir;

    @BeforeAll
    void runGeneratedTrafficThroughStopPay() throws IOException {
        stateDir = Files.createTempDirectory("generator-ttd");
        final StopPayConfig config = StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StopPayConfig.STATE_DIR, stateDir.toString()));
        final Properties props = StreamsSettings.from(config);
        final InterceptionMetrics metrics = new InterceptionMetrics(new SimpleMeterRegistry());
        props.put(InterceptionMetrics.STREAMS_PROPERTY, metrics);
        final Topics topics = Topics.from(config);
        final Population population = new Population(7, ACCOUNTS, START);
        final TrafficGenerator generator = new TrafficGenerator(population, MIX, "ttd");
        final Properties graphProps = StreamsSettings.forRestrictions(config);
        graphProps.put(InterceptionMetrics.STREAMS_PROPERTY, metrics);
        try (TopologyTestDriver graph = new TopologyTestDriver(RestrictionTopology.build(config, graphProps),
                graphProps, START);
             TopologyTestDriver driver = new TopologyTestDriver(InterceptionTopology.build(config, props, metrics),
                props, START)) {
            final TestInputTopic<String, AccountProfile> accounts = input(driver, topics.accounts());
            population.profiles().forEach(p -> accounts.pipeInput(p.getAccountId(), p, START));
            // The graph runs in its own client: what it publishes reaches the decisions' global store.
            final TestInputTopic<String, RiskListEntry> lists = input(graph, topics.lists());
            population.listings().forEach(listing -> lists.pipeInput(listing.key(), listing.entry(), START));
            final TestInputTopic<String, Linkage> linkages = input(graph, topics.linkages());
            population.linkages().forEach(l -> linkages.pipeInput(Population.key(l), l, START));
            final TestInputTopic<String, RestrictionStatus> restrictions = input(driver, topics.restrictions());
            graph.createOutputTopic(topics.restrictions().name(), topics.restrictions().keySerde().deserializer(),
                    topics.restrictions().valueSerde().deserializer()).readRecordsToList()
                    .forEach(restrictions::pipeInput);
            final TestInputTopic<String, PaymentTransaction> payments = input(driver, topics.payments());
            final TestOutputTopic<String, RiskDecision> decided = driver.createOutputTopic(topics.decisions().name(),
                    topics.decisions().keySerde().deserializer(), topics.decisions().valueSerde().deserializer());
            for (int i = 0; i < PAYMENTS; i++) {
                final LabelledPayment payment = generator.next(START.plus(SPACING.multipliedBy(i)));
                payments.pipeInput(payment.key(), payment.payment(), payment.payment().getEventTime());
                labels.add(payment.label());
                for (final KeyValue<String, RiskDecision> decision : decided.readKeyValuesToList()) {
                    decisions.put(decision.key, decision.value);
                }
            }
        }
        labels.forEach(label -> tally.record(label, decisions.get(label.txnId()).getAction(),
                decisions.get(label.txnId()).getHits().stream().map(RuleHit::getRuleId).toList()));
    }

    @AfterAll
    void deleteState() throws IOException {
        Utils.delete(stateDir.toFile());
    }

    @Test
    void shouldDecideEveryGeneratedPaymentOnce() {
        assertThat(decisions).hasSize(PAYMENTS);
        assertThat(labels).extracting(PaymentLabel::txnId).doesNotHaveDuplicates()
                .allSatisfy(txnId -> assertThat(decisions).containsKey(txnId));
    }

    @Test
    void shouldGenerateEveryScenarioInTheMix() {
        for (final Scenario scenario : Scenario.values()) {
            assertThat(tally.counts(scenario).judged()).as(scenario.key() + "\n" + tally).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void shouldHoldOrStopEveryPaymentToAListedOrLinkedPayee() {
        for (final Scenario scenario : List.of(Scenario.LISTED_PAYEE, Scenario.LINKED_PAYEE_1_HOP,
                Scenario.LINKED_PAYEE_2_HOPS)) {
            final DetectionTally.Counts counts = tally.counts(scenario);
            assertThat(counts.intercepted()).as(scenario.key() + "\n" + tally).isEqualTo(counts.judged());
        }
    }

    @Test
    void shouldStopListedAndOneHopPayeesAndHoldTwoHopOnes() {
        final Map<Scenario, List<Action>> actions = new EnumMap<>(Scenario.class);
        labels.forEach(label -> actions.computeIfAbsent(label.scenario(), s -> new ArrayList<>())
                .add(decisions.get(label.txnId()).getAction()));
        assertThat(actions.get(Scenario.LISTED_PAYEE)).containsOnly(Action.STOP_PAYMENT);
        assertThat(actions.get(Scenario.LINKED_PAYEE_1_HOP)).containsOnly(Action.STOP_PAYMENT);
        assertThat(actions.get(Scenario.LINKED_PAYEE_2_HOPS)).contains(Action.HOLD);
    }

    @Test
    void shouldHoldAtLeast95PercentOfMuleAndVictimPaymentsFromTheirThresholdOn() {
        for (final Scenario scenario : List.of(Scenario.ELDERLY_LARGE_NEW_PAYEE, Scenario.MULE_FAN_IN,
                Scenario.MULE_PASS_THROUGH, Scenario.CARD_FARMING_DEVICE, Scenario.SCAM_WALK)) {
            assertThat(tally.counts(scenario).interceptedFraction()).as(scenario.key() + "\n" + tally)
                    .isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void shouldLetEpisodePaymentsBeforeTheThresholdPassSoTheThresholdIsTheOneThatReachesIt() {
        final List<PaymentLabel> beforeThreshold = labels.stream()
                .filter(l -> l.expectation() == Expectation.INTERCEPT_FROM_THRESHOLD && !l.judged()).toList();
        assertThat(beforeThreshold).isNotEmpty();
        // A walk's second transfer is velocity already (CNY 35,000 in minutes): reviewed, never held.
        assertThat(beforeThreshold).allSatisfy(label -> assertThat(decisions.get(label.txnId()).getAction())
                .as(label.toString()).isIn(label.scenario() == Scenario.SCAM_WALK
                        ? List.of(Action.PASS, Action.REVIEW) : List.of(Action.PASS)));
    }

    @Test
    void shouldAskForVerificationOfEveryDormantAccountReactivated() {
        assertThat(tally.counts(Scenario.DORMANT_REACTIVATED).metFraction()).as(tally.toString()).isEqualTo(1.0);
    }

    /**
     * Everyday life from an empty start (FIELD-NOTES, issue 16): split bills, red packets, rent,
     * payroll runs and refunds pay people never paid before, and must move.
     */
    @Test
    void shouldHoldAtMostTwoPercentOfEachEverydayShapeFromAnEmptyStart() {
        for (final Scenario shape : Scenario.values()) {
            if (!shape.fraud() && shape != Scenario.GRANDPARENT_GIFT) {
                assertThat(tally.counts(shape).interceptedFraction()).as(shape.key() + "\n" + tally + "\n" + tally.byRule())
                        .isLessThanOrEqualTo(0.02);
            }
        }
    }

    /**
     * A grandparent's first large gift is verified, never held for being one: a hold needs another
     * sign, such as a grandchild's account opened days ago (which the benchmark counts against us).
     */
    @Test
    void shouldHoldAGrandparentsGiftOnlyWithAnotherSign() {
        assertThat(tally.counts(Scenario.GRANDPARENT_GIFT).judged()).isPositive();
        labels.stream().filter(label -> label.scenario() == Scenario.GRANDPARENT_GIFT).map(label -> decisions.get(label.txnId()))
                .forEach(decision -> {
                    assertThat(decision.getAction()).as(decision.toString()).isNotEqualTo(Action.PASS);
                    if (Expectation.intercepts(decision.getAction())) {
                        assertThat(decision.getHits()).as(decision.toString()).hasSizeGreaterThan(1);
                    }
                });
    }

    @Test
    void shouldHoldAtMostHalfAPercentOfOrdinaryPayments() {
        assertThat(tally.falsePositiveRate()).as(tally.toString()).isLessThanOrEqualTo(0.005);
    }

    private static <K, V> TestInputTopic<K, V> input(final TopologyTestDriver driver, final Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
}
