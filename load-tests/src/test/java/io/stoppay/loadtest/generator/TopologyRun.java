package io.stoppay.loadtest.generator;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import stoppay.v1.AccountProfile;
import stoppay.v1.Linkage;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskDecision;
import stoppay.v1.RiskListEntry;
import stoppay.v1.RuleHit;

/**
 * The real StopPay topology (built-in ruleset) under {@link TopologyTestDriver}, with a generated
 * population's reference data in it: the graph runs in a driver of its own, as in its own client,
 * and what it publishes is piped into the decisions' global store. Then payments go in one by one
 * with their event time as the record timestamp, and each is decided before the next.
 */
final class TopologyRun implements AutoCloseable {

    private final Path stateDir;
    private final TopologyTestDriver graph;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, PaymentTransaction> payments;
    private final TestInputTopic<String, PaymentTransaction> history;
    private final TestOutputTopic<String, RiskDecision> decided;
    private final List<PaymentLabel> labels = new ArrayList<>();
    private final Map<String, RiskDecision> decisions = new HashMap<>();

    TopologyRun(final Population population, final Instant start) throws IOException {
        stateDir = Files.createTempDirectory("generator-ttd");
        final StopPayConfig config = StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StopPayConfig.STATE_DIR, stateDir.toString()));
        final Properties props = StreamsSettings.from(config);
        final InterceptionMetrics metrics = new InterceptionMetrics(new SimpleMeterRegistry());
        props.put(InterceptionMetrics.STREAMS_PROPERTY, metrics);
        final Topics topics = Topics.from(config);
        final Properties graphProps = StreamsSettings.forRestrictions(config);
        graphProps.put(InterceptionMetrics.STREAMS_PROPERTY, metrics);
        graph = new TopologyTestDriver(RestrictionTopology.build(config, graphProps), graphProps, start);
        driver = new TopologyTestDriver(InterceptionTopology.build(config, props, metrics), props, start);
        final TestInputTopic<String, AccountProfile> accounts = input(driver, topics.accounts());
        population.profiles().forEach(p -> accounts.pipeInput(p.getAccountId(), p, start));
        final TestInputTopic<String, RiskListEntry> lists = input(graph, topics.lists());
        population.listings().forEach(listing -> lists.pipeInput(listing.key(), listing.entry(), start));
        final TestInputTopic<String, Linkage> linkages = input(graph, topics.linkages());
        population.linkages().forEach(l -> linkages.pipeInput(Population.key(l), l, start));
        final TestInputTopic<String, RestrictionStatus> restrictions = input(driver, topics.restrictions());
        graph.createOutputTopic(topics.restrictions().name(), topics.restrictions().keySerde().deserializer(),
                topics.restrictions().valueSerde().deserializer()).readRecordsToList().forEach(restrictions::pipeInput);
        payments = input(driver, topics.payments());
        history = input(driver, topics.paymentHistory());
        decided = driver.createOutputTopic(topics.decisions().name(), topics.decisions().keySerde().deserializer(),
                topics.decisions().valueSerde().deserializer());
    }

    /** Records past payments (a backfill) in StopPay's behaviour state; none is decided. */
    long backfill(final Stream<LabelledPayment> past) {
        final long[] count = {0};
        past.forEach(p -> {
            history.pipeInput(p.key(), p.payment(), p.payment().getEventTime());
            count[0]++;
        });
        return count[0];
    }

    /** Decides {@code payment}, keeping its label and decision. */
    void decide(final LabelledPayment payment) {
        payments.pipeInput(payment.key(), payment.payment(), payment.payment().getEventTime());
        labels.add(payment.label());
        for (final KeyValue<String, RiskDecision> decision : decided.readKeyValuesToList()) {
            decisions.put(decision.key, decision.value);
        }
    }

    List<PaymentLabel> labels() {
        return labels;
    }

    Map<String, RiskDecision> decisions() {
        return decisions;
    }

    /** Every decided payment's label, action and rule hits, tallied. */
    DetectionTally tally() {
        final DetectionTally tally = new DetectionTally();
        labels.forEach(label -> tally.record(label, decisions.get(label.txnId()).getAction(),
                decisions.get(label.txnId()).getHits().stream().map(RuleHit::getRuleId).toList()));
        return tally;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.close();
            graph.close();
        } finally {
            Utils.delete(stateDir.toFile());
        }
    }

    private static <K, V> TestInputTopic<K, V> input(final TopologyTestDriver driver, final Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
}
