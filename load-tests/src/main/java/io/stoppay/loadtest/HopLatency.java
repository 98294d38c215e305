package io.stoppay.loadtest;

import io.stoppay.app.StopPayApp;
import io.stoppay.app.TopicProvisioner;
import io.stoppay.broker.EmbeddedKafkaBroker;
import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import stoppay.internal.v1.PendingDecision;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskDecision;

/**
 * What latency each hop of StopPay's decision path costs under exactly_once_v2.
 *
 * <p>Starts a single-node KRaft broker in this JVM, creates StopPay's topics with
 * {@code message.timestamp.type=LogAppendTime} on the payments topic, the decisions topic and (via
 * {@code kafka.topic.message.timestamp.type}) every internal topic, then for each commit interval
 * runs a pass-through Kafka Streams app and StopPay, one after the other, each fed payments at a
 * fixed rate. Every timestamp compared is a log-append time stamped by the one broker, on the clock
 * of this JVM:
 * <ul>
 *   <li>hop 1 = append to {@code <appId>-payments-by-payee-repartition} − append of the payment;
 *   <li>decision = append to {@code risk.decisions.v1} − append of the payment;
 *   <li>stage 2 = decision − hop 1 append;
 *   <li>decision visible = when a read_committed consumer received the decision − append of the
 *       payment (adds the wait for the decision's own transaction to commit).
 * </ul>
 * The pass-through rows are the same two measures for a topology with no repartition.
 */
public final class HopLatency {

    static final String PAYMENTS = "payments.transactions.v1";
    static final String DECISIONS = "risk.decisions.v1";
    static final String PASS_THROUGH_OUT = "hop-latency.passthrough.v1";
    private static final String LOG_APPEND_TIME = "LogAppendTime";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static final AvroSerde<PaymentTransaction> PAYMENT_SERDE = AvroSerde.of(PaymentTransaction.class);
    private static final AvroSerde<PendingDecision> PENDING_SERDE = AvroSerde.of(PendingDecision.class);
    private static final AvroSerde<RiskDecision> DECISION_SERDE = AvroSerde.of(RiskDecision.class);

    /** One run of one system at one commit interval. */
    public record RunResult(String system, String applicationId, long commitIntervalMs, int repeat, long sent,
            long sendErrors, double achievedRate, List<Latency.Summary> latencies, Map<String, Long> labels,
            long duplicates, long notAppendTime) {

        public Latency.Summary latency(final String name) {
            return latencies.stream().filter(l -> l.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no latency " + name));
        }
    }

    static final String PASS_THROUGH = "pass-through";
    static final String STOPPAY = "StopPay";
    static final String PASS_APPEND = "pass-through: payment → output append";
    static final String PASS_VISIBLE = "pass-through visible: payment → read_committed receive";
    static final String HOP1 = "hop 1: payment → repartition append";
    static final String STAGE2 = "stage 2: repartition append → decision append";
    static final String DECISION = "decision: payment → decision append";
    static final String DECISION_VISIBLE = "decision visible: payment → read_committed receive";

    private final HopOptions options;
    private final PrintStream out;
    private final String bootstrapServers;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final PaymentSource payments;
    private final Path workDir;

    private HopLatency(final HopOptions options, final PrintStream out, final String bootstrapServers,
            final Admin admin, final KafkaProducer<String, byte[]> producer, final Path workDir) {
        this.options = options;
        this.out = out;
        this.bootstrapServers = bootstrapServers;
        this.admin = admin;
        this.producer = producer;
        this.payments = new PaymentSource(options.accounts(), options.payeesPerPayer(), options.seed());
        this.workDir = workDir;
    }

    public static void main(final String[] args) {
        final HopOptions options;
        try {
            options = HopOptions.parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            final List<RunResult> results = measure(options, System.out);
            System.out.println();
            System.out.println(table(results));
        } catch (final Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        // Every client and the broker are closed by now; don't wait for stray non-daemon threads.
        System.exit(0);
    }

    /** Runs every configuration of {@code options} on a fresh in-JVM broker and returns the results. */
    public static List<RunResult> measure(final HopOptions options, final PrintStream out) throws Exception {
        final Path workDir = Files.createTempDirectory("hop-latency");
        final long started = System.nanoTime();
        out.println("HopLatency " + Instant.now() + ": " + options.describe());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Optional.empty());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers()));
                KafkaProducer<String, byte[]> producer = paymentProducer(broker.bootstrapServers())) {
            out.printf(Locale.ROOT, "broker up at %s after %.1f s%n", broker.bootstrapServers(),
                    (System.nanoTime() - started) / 1e9);
            final HopLatency tool = new HopLatency(options, out, broker.bootstrapServers(), admin, producer, workDir);
            tool.createTopics();
            final List<RunResult> results = new ArrayList<>();
            for (int repeat = 1; repeat <= options.repeats(); repeat++) {
                for (final long interval : options.commitIntervals()) {
                    if (options.baseline()) {
                        results.add(tool.runPassThrough(interval, repeat));
                    }
                    results.add(tool.runStopPay(interval, repeat));
                }
            }
            out.printf(Locale.ROOT, "all runs done after %.1f s%n", (System.nanoTime() - started) / 1e9);
            return results;
        } finally {
            deleteRecursively(workDir);
        }
    }

    private static KafkaProducer<String, byte[]> paymentProducer(final String bootstrapServers) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "hop-latency-payments");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** The two measured StopPay topics and the pass-through output first, with log-append time; then the rest. */
    private void createTopics() throws Exception {
        final Map<String, String> appendTime = Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, LOG_APPEND_TIME);
        final List<NewTopic> measured = Stream.of(PAYMENTS, DECISIONS, PASS_THROUGH_OUT)
                .map(name -> new NewTopic(name, Optional.of(options.partitions()), Optional.empty()).configs(appendTime))
                .toList();
        TopicProvisioner.createIfAbsent(admin, measured);
        final Topics topics = Topics.from(StopPayConfig.of(Map.of("kafka.bootstrap.servers", bootstrapServers)));
        if (!topics.payments().name().equals(PAYMENTS) || !topics.decisions().name().equals(DECISIONS)) {
            throw new IllegalStateException("StopPay's default topic names changed: " + topics.payments().name()
                    + ", " + topics.decisions().name());
        }
        final List<String> created = new TopicProvisioner(admin, topics).createMissing(options.partitions());
        for (final String name : List.of(PAYMENTS, DECISIONS, PASS_THROUGH_OUT)) {
            requireLogAppendTime(name);
        }
        out.println("topics: " + measured.size() + " with LogAppendTime, " + created.size()
                + " more by TopicProvisioner, " + options.partitions() + " partitions each");
    }

    private void requireLogAppendTime(final String topic) throws Exception {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        final Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        final String type = config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value();
        if (!LOG_APPEND_TIME.equals(type)) {
            throw new IllegalStateException(topic + " has message.timestamp.type=" + type
                    + "; the measurement needs LogAppendTime");
        }
    }

    private RunResult runPassThrough(final long commitIntervalMs, final int repeat) throws Exception {
        final String appId = "hop-latency-passthrough-" + commitIntervalMs + suffix(repeat);
        out.printf(Locale.ROOT, "%n== %s: pass-through, commit.interval.ms=%d ==%n", appId, commitIntervalMs);
        final String tag = appId + "/";
        truncatePayments();
        try (AppendTimeRecorder output = new AppendTimeRecorder(bootstrapServers, PASS_THROUGH_OUT, true, tag,
                bytes -> new AppendTimeRecorder.Seen(PAYMENT_SERDE.decode(bytes).getTxnId(), List.of()))) {
            final KafkaStreams streams = PassThrough.start(PassThrough.Shape.PASS_THROUGH, bootstrapServers, appId,
                    workDir.resolve(appId).toString(), StreamsConfig.EXACTLY_ONCE_V2, commitIntervalMs, PAYMENTS,
                    PASS_THROUGH_OUT);
            try {
                awaitRunning(streams);
                final Sent sent = send(tag);
                awaitOutputs(output, sent);
                final Latency append = new Latency(PASS_APPEND);
                final Latency visible = new Latency(PASS_VISIBLE);
                sent.appendTimes.forEach((txnId, paymentMs) -> {
                    final AppendTimeRecorder.Times seen = output.get(txnId);
                    if (seen == null) {
                        append.missing();
                        visible.missing();
                    } else {
                        append.record(seen.appendMs() - paymentMs);
                        visible.record(seen.receivedMs() - paymentMs);
                    }
                });
                output.check();
                return report(new RunResult(PASS_THROUGH, appId, commitIntervalMs, repeat, sent.count(),
                        sent.errors.get(), sent.achievedRate, List.of(append.summary(), visible.summary()), Map.of(),
                        output.duplicates(), output.notAppendTime()));
            } finally {
                streams.close(Duration.ofSeconds(30));
            }
        }
    }

    private RunResult runStopPay(final long commitIntervalMs, final int repeat) throws Exception {
        final String appId = "hop-latency-" + commitIntervalMs + suffix(repeat);
        out.printf(Locale.ROOT, "%n== %s: StopPay, commit.interval.ms=%d ==%n", appId, commitIntervalMs);
        final String tag = appId + "/";
        final StopPayConfig config = StopPayConfig.of(Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "kafka." + StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG), LOG_APPEND_TIME,
                StopPayConfig.COMMIT_INTERVAL_MS, Long.toString(commitIntervalMs),
                StopPayConfig.APPLICATION_ID, appId,
                StopPayConfig.STATE_DIR, workDir.resolve(appId).toString(),
                StopPayConfig.HTTP_PORT, "0",
                // The API is not used here: plain HTTP, said explicitly.
                StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true"));
        truncatePayments();
        try (AppendTimeRecorder decisions = new AppendTimeRecorder(bootstrapServers, DECISIONS, true, tag,
                bytes -> {
                    final RiskDecision decision = DECISION_SERDE.decode(bytes);
                    final List<String> labels = new ArrayList<>();
                    labels.add(decision.getAction().name());
                    decision.getHits().forEach(hit -> labels.add("hit " + hit.getRuleId()));
                    return new AppendTimeRecorder.Seen(decision.getTxnId(), labels);
                });
                StopPayApp app = StopPayApp.start(config)) {
            awaitRunning(app.streams());
            final String repartition = appId + "-payments-by-payee-repartition";
            requireLogAppendTime(repartition);
            try (AppendTimeRecorder hop = new AppendTimeRecorder(bootstrapServers, repartition, false, tag,
                    bytes -> new AppendTimeRecorder.Seen(PENDING_SERDE.decode(bytes).getPayment().getTxnId(),
                            List.of()))) {
                final Sent sent = send(tag);
                awaitOutputs(decisions, sent);
                final Latency hop1 = new Latency(HOP1);
                final Latency stage2 = new Latency(STAGE2);
                final Latency decided = new Latency(DECISION);
                final Latency visible = new Latency(DECISION_VISIBLE);
                sent.appendTimes.forEach((txnId, paymentMs) -> {
                    final AppendTimeRecorder.Times repartitioned = hop.get(txnId);
                    final AppendTimeRecorder.Times decision = decisions.get(txnId);
                    if (repartitioned == null) {
                        hop1.missing();
                    } else {
                        hop1.record(repartitioned.appendMs() - paymentMs);
                    }
                    if (decision == null) {
                        decided.missing();
                        visible.missing();
                    } else {
                        decided.record(decision.appendMs() - paymentMs);
                        visible.record(decision.receivedMs() - paymentMs);
                    }
                    if (repartitioned == null || decision == null) {
                        stage2.missing();
                    } else {
                        stage2.record(decision.appendMs() - repartitioned.appendMs());
                    }
                });
                hop.check();
                decisions.check();
                if (hop.undecodable() + decisions.undecodable() > 0) {
                    out.println("WARNING: undecodable records: repartition " + hop.undecodable() + ", decisions "
                            + decisions.undecodable());
                }
                return report(new RunResult(STOPPAY, appId, commitIntervalMs, repeat, sent.count(),
                        sent.errors.get(), sent.achievedRate,
                        List.of(hop1.summary(), stage2.summary(), decided.summary(), visible.summary()),
                        decisions.labels(sent.appendTimes.keySet()), hop.duplicates() + decisions.duplicates(),
                        hop.notAppendTime() + decisions.notAppendTime()));
            }
        }
    }

    private String suffix(final int repeat) {
        return options.repeats() > 1 ? "-r" + repeat : "";
    }

    /** Moves the log start of the payments topic to its end, so a new app (offset reset earliest) skips earlier runs. */
    private void truncatePayments() throws Exception {
        TopicLog.truncate(admin, PAYMENTS);
    }

    private void awaitRunning(final KafkaStreams streams) throws InterruptedException {
        final long started = System.nanoTime();
        final long deadline = started + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            final KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN) {
                throw new IllegalStateException("Kafka Streams did not start: " + state);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams not RUNNING after " + START_TIMEOUT + ": " + state);
            }
            Thread.sleep(50);
        }
        out.printf(Locale.ROOT, "RUNNING after %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** The payments sent in the measured window and their log-append times. */
    private record Sent(Map<String, Long> appendTimes, AtomicLong errors, double achievedRate) {
        long count() {
            return appendTimes.size() + errors.get();
        }
    }

    /**
     * Sends payments at the configured rate: the warm-up (txnIds {@code <tag>W-n}, not measured), then
     * the measured window ({@code <tag>M-n}). The schedule is fixed, so a slow send is caught up on,
     * not skipped; the log-append time the broker returns is the reference of every measure.
     */
    private Sent send(final String tag) throws InterruptedException {
        final Map<String, Long> appendTimes = new ConcurrentHashMap<>();
        final AtomicLong errors = new AtomicLong();
        final long rate = options.rate();
        final long warmupCount = options.warmup().toMillis() * rate / 1000;
        final long measuredCount = Math.max(1, options.duration().toMillis() * rate / 1000);
        final long total = warmupCount + measuredCount;
        final long started = System.nanoTime();
        long measuredStarted = warmupCount == 0 ? started : 0;
        long sent = 0;
        while (sent < total) {
            final long due = Math.min(total, (System.nanoTime() - started) * rate / 1_000_000_000L + 1);
            while (sent < due) {
                final boolean measured = sent >= warmupCount;
                if (measured && measuredStarted == 0) {
                    measuredStarted = System.nanoTime();
                }
                final String txnId = tag + (measured ? "M-" + (sent - warmupCount) : "W-" + sent);
                final PaymentTransaction payment = payments.next(txnId);
                producer.send(new ProducerRecord<>(PAYMENTS, payment.getPayer().getAccountId(),
                        PAYMENT_SERDE.encode(payment)), (metadata, error) -> {
                            if (!measured) {
                                return;
                            }
                            if (error != null) {
                                errors.incrementAndGet();
                            } else {
                                appendTimes.put(txnId, metadata.timestamp());
                            }
                        });
                sent++;
            }
            LockSupport.parkNanos(1_000_000L);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        producer.flush();
        final double seconds = (System.nanoTime() - measuredStarted) / 1e9;
        final double achieved = measuredCount / Math.max(seconds, 1e-3);
        out.printf(Locale.ROOT, "sent %d warm-up + %d measured payments (measured window %.1f s, %.0f/s)%n",
                warmupCount, measuredCount, seconds, achieved);
        return new Sent(appendTimes, errors, achieved);
    }

    /** Waits until every measured payment has its output, or the drain time is up. */
    private void awaitOutputs(final AppendTimeRecorder output, final Sent sent) throws InterruptedException {
        final long started = System.nanoTime();
        final long deadline = started + options.drain().toNanos();
        long outstanding;
        while ((outstanding = sent.appendTimes.keySet().stream().filter(txn -> !output.has(txn)).count()) > 0
                && System.nanoTime() < deadline) {
            output.check();
            Thread.sleep(100);
        }
        out.printf(Locale.ROOT, "%s: %d of %d outputs after a drain of %.1f s%n", output.topic(),
                sent.appendTimes.size() - outstanding, sent.appendTimes.size(), (System.nanoTime() - started) / 1e9);
    }

    private RunResult report(final RunResult result) {
        for (final Latency.Summary l : result.latencies()) {
            out.printf(Locale.ROOT, "  %-55s n=%6d missing=%d p50=%d p95=%d p99=%d max=%d ms%n", l.name(), l.count(),
                    l.missing(), l.p50(), l.p95(), l.p99(), l.max());
        }
        if (!result.labels().isEmpty()) {
            out.println("  measured decisions by action, and rule hits: " + result.labels());
        }
        if (result.sendErrors() > 0 || result.duplicates() > 0 || result.notAppendTime() > 0) {
            out.printf(Locale.ROOT, "  WARNING: send errors %d, duplicate outputs %d, records without LogAppendTime %d%n",
                    result.sendErrors(), result.duplicates(), result.notAppendTime());
        }
        return result;
    }

    /** A Markdown table of every run, in the order run. */
    public static String table(final List<RunResult> results) {
        final StringBuilder table = new StringBuilder();
        table.append("| commit.interval.ms | run | measure | count | missing | p50 ms | p95 ms | p99 ms | max ms |\n");
        table.append("|---:|---|---|---:|---:|---:|---:|---:|---:|\n");
        results.stream().sorted(Comparator.comparingLong(RunResult::commitIntervalMs).reversed()
                .thenComparingInt(RunResult::repeat)).forEach(r -> {
                    for (final Latency.Summary l : r.latencies()) {
                        table.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %d | %d | %d | %d | %d |%n",
                                r.commitIntervalMs(), r.applicationId(), l.name(), l.count(), l.missing(), l.p50(),
                                l.p95(), l.p99(), l.max()));
                    }
                });
        return table.toString();
    }

    private static void deleteRecursively(final Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (final IOException e) {
                    // best effort: it is a temp dir
                }
            });
        } catch (final IOException e) {
            // best effort
        }
    }
}
