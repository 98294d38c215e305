package io.stoppay.loadtest;

import io.stoppay.app.TopicProvisioner;
import io.stoppay.cli.DurationConverter;
import io.stoppay.config.StopPayConfig;
import io.stoppay.loadtest.bench.BrokerMain;
import io.stoppay.loadtest.bench.JavaProcess;
import io.stoppay.loadtest.bench.PassThroughMain;
import io.stoppay.loadtest.bench.Ports;
import io.stoppay.loadtest.generator.LabelFile;
import io.stoppay.loadtest.generator.PastPayments;
import io.stoppay.loadtest.generator.Population;
import io.stoppay.loadtest.generator.TrafficMix;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.StreamsSettings;
import io.stoppay.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import stoppay.v1.Action;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskDecision;

/**
 * The benchmark: a real KRaft broker, StopPay and the pass-through baseline each in a process of
 * its own, fed by the labelled generator from this process; reports throughput, decision latency
 * (broker append time to broker append time, HdrHistogram), backlog and memory over time, and
 * detection quality against the labels, as result.json, summary.md and report.html.
 *
 * <p>Each run gets a fresh application id and starts from an emptied payments topic, so runs do
 * not see each other's traffic; reference data is published once, before the first run. A StopPay
 * run starts from an empty start, or with {@code --backfill-days} of history recorded first
 * ({@link Backfill}).
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Run StopPay and a pass-through baseline against generated, labelled traffic.")
public final class Benchmark implements Callable<Integer> {

    static final String PAYMENTS = "payments.transactions.v1";
    static final String DECISIONS = "risk.decisions.v1";
    static final String BASELINE_OUT = "benchmark.pass-through.v1";
    private static final String LOG_APPEND_TIME = "LogAppendTime";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** Every global store's lag, one line per topic (ReferenceLag in the app). */
    private static final Pattern GLOBAL_STORE_LAG = Pattern.compile(
            "^stoppay_reference_lag_records\\{[^}]*} (\\S+)$", Pattern.MULTILINE);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    /** The old graph took 9 minutes for 828 links of one hub: a load not applied in this is a failure to report. */
    private static final Duration HUB_LOAD_TIMEOUT = Duration.ofMinutes(10);
    /** Longer than any run anyone waits for; a longer window is a typo (and overflows a nanosecond deadline). */
    private static final Duration LONGEST_WINDOW = Duration.ofHours(24);
    private static final List<String> GUARANTEES = List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE);
    /** What {@code -Xmx} takes: a number with an optional k, m or g. */
    private static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
    /** Below this no app of the benchmark starts: the JVM refuses a heap too small to run. */
    private static final long MIN_APP_HEAP_BYTES = 64L << 20;
    /**
     * StopPay settings the benchmark sets for every run, with what to use instead: a {@code --stoppay}
     * of one of them ran StopPay otherwise than the report labels the run.
     */
    private static final Map<String, String> BENCHMARK_SETTINGS = Map.of(
            StopPayConfig.PROCESSING_GUARANTEE, "use --guarantees",
            StopPayConfig.COMMIT_INTERVAL_MS, "use --commit-interval-ms",
            StopPayConfig.APPLICATION_ID, "each run has its own",
            StopPayConfig.STATE_DIR, "under --out",
            StopPayConfig.HTTP_PORT, "a free port per run",
            StopPayConfig.METRICS_PORT, "a free port per run, which the benchmark scrapes",
            StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "the benchmark scrapes plain HTTP",
            StopPayConfig.HTTP_ADVERTISED_HOST, "localhost",
            StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", "the benchmark's own broker");

    @Option(names = "--rate", defaultValue = "3000", description = "Payments/s; 0 = as fast as possible (max-rate mode).")
    int rate;

    @Option(names = "--duration", defaultValue = "120s", converter = DurationConverter.class,
            description = "Measured window per run (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "20s", converter = DurationConverter.class,
            description = "Traffic sent before measuring, once the app answers (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--accounts", defaultValue = "100000", description = "Accounts in the generated population.")
    int accounts;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of population and traffic.")
    long seed;

    @Option(names = "--mix", description = "Scenario mix, e.g. ordinary=0.95,mule_fan_in=0.01 (default: the generator's).")
    String mix;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of every topic.")
    int partitions;

    @Option(names = "--commit-interval-ms", defaultValue = "100", description = "Commit interval of every app.")
    long commitIntervalMs;

    @Option(names = "--guarantees", split = ",", defaultValue = "exactly_once_v2,at_least_once",
            description = "Processing guarantees to run StopPay (and the baseline) under.")
    List<String> guarantees;

    @Option(names = "--hub-links", defaultValue = "0",
            description = "Link one NAT address to this many accounts in one bulk feed that lands --hub-after into each "
                    + "StopPay run's measured window (written before the window in one transaction, committed then), and report how long it took to apply and the decision latency before, during and "
                    + "after it (0: none).")
    int hubLinks;

    @Option(names = "--hub-after", defaultValue = "20s", converter = DurationConverter.class,
            description = "How long into the measured window the hub load starts: the payments before it give the "
                    + "usual latency it is compared with.")
    Duration hubAfter;

    @Option(names = "--backfill-days", defaultValue = "0",
            description = "Before each StopPay run's traffic, load this many days of the population's ordinary payments "
                    + "into StopPay's history (payments.history.v1) and wait until it has recorded them: the run then "
                    + "starts with history, not from an empty start (0, the default; at most 90, StopPay's new-payee "
                    + "look-back).")
    int backfillDays;

    @Option(names = "--no-baseline", description = "Skip the pass-through baseline.")
    boolean noBaseline;

    @Option(names = "--floor", description = "Also run the two-stage floor before StopPay: a running total per payer "
            + "and, after one repartition, per payee, under the same guarantee (what any decision on both accounts "
            + "costs at least; PassThrough.Shape.TWO_STAGE_FLOOR).")
    boolean floor;

    @Option(names = "--app-heap", defaultValue = "1g", description = "-Xmx of each app process.")
    String appHeap;

    @Option(names = "--out", defaultValue = "target/benchmark", description = "Where the report goes.")
    Path out;

    @Option(names = "--stoppay", paramLabel = "KEY=VALUE",
            description = "A StopPay setting for its runs, e.g. stoppay.behaviour.max.flows=100 (repeatable).")
    Map<String, String> stopPaySettings = new HashMap<>();

    /** What a run measures: StopPay, or one of the references it is compared with. */
    enum Contender {
        PASS_THROUGH("pass-through", "pass-through", PassThrough.Shape.PASS_THROUGH),
        TWO_STAGE_FLOOR("two-stage-floor", "two-stage floor", PassThrough.Shape.TWO_STAGE_FLOOR),
        STOPPAY("stoppay", "StopPay", null);

        /** Prefixes the run's name ({@code <runName>-<guarantee>}), which the report's targets look for. */
        final String runName;
        final String system;
        /** The reference topology; null for StopPay. */
        final PassThrough.Shape shape;

        Contender(final String runName, final String system, final PassThrough.Shape shape) {
            this.runName = runName;
            this.system = system;
            this.shape = shape;
        }
    }

    private final AtomicLong runCounter = new AtomicLong();
    private String bootstrapServers;

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, refusing an option in one line naming it (exit code 2), without the usage. */
    static CommandLine commandLine() {
        final CommandLine cli = new CommandLine(new Benchmark());
        cli.setParameterExceptionHandler((error, arguments) -> {
            error.getCommandLine().getErr().println(error.getMessage());
            return CommandLine.ExitCode.USAGE;
        });
        return cli;
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        Files.createDirectories(out);
        // A fresh broker and no state from an earlier invocation: the app ids repeat (run 1, 2, ...),
        // and kept changelogs started a run with the last one's daily totals, flows and txnIds, its
        // dormant accounts already reactivated (the same seed makes the same people pay again).
        Utils.delete(out.resolve("broker-data").toFile());
        Utils.delete(out.resolve("state").toFile());
        System.out.println("StopPay runs start " + RunResult.Backfill.start(backfillDays));
        final Workload workload = new Workload(seed, accounts,
                mix == null ? TrafficMix.defaults() : TrafficMix.parse(mix), "B" + seed + "-" + System.currentTimeMillis());
        final List<RunResult> results = new ArrayList<>();
        try (JavaProcess broker = JavaProcess.start("broker", List.of("-Xmx1g"), BrokerMain.class.getName(),
                List.of(out.resolve("broker-data").toString()), out.resolve("logs/broker.log"))) {
            bootstrapServers = BrokerMain.awaitReady(broker, START_TIMEOUT);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
                 KafkaProducer<String, byte[]> producer = producer()) {
                createTopics(admin);
                loadReferenceData(workload);
                for (final String guarantee : guarantees) {
                    if (!noBaseline) {
                        results.add(run(admin, producer, workload, Contender.PASS_THROUGH, guarantee));
                    }
                    if (floor) {
                        results.add(run(admin, producer, workload, Contender.TWO_STAGE_FLOOR, guarantee));
                    }
                    results.add(run(admin, producer, workload, Contender.STOPPAY, guarantee));
                }
            }
        }
        final List<String> missed = BenchmarkReport.write(out, this, results);
        System.out.println("StopPay runs started " + RunResult.Backfill.start(backfillDays));
        System.out.println(missed.isEmpty() ? "every target met" : missed.size() + " targets MISSED: "
                + String.join("; ", missed));
        System.out.println("report: " + out.resolve("summary.md") + ", " + out.resolve("report.html") + ", "
                + out.resolve("result.json"));
        return 0;
    }

    private RunResult run(final Admin admin, final KafkaProducer<String, byte[]> producer, final Workload workload,
                          final Contender contender, final String guarantee) throws Exception {
        final boolean stopPay = contender == Contender.STOPPAY;
        final String name = contender.runName + "-" + guarantee;
        final String appId = "bench-" + name + "-" + runCounter.incrementAndGet();
        System.out.printf("%n== %s ==%n", name);
        TopicLog.truncate(admin, PAYMENTS);
        workload.startRun(runCounter.get());
        // Each StopPay run records only its own history, or none: an empty start must be empty.
        TopicLog.truncate(admin, workload.historyTopic());
        final int metricsPort = Ports.free();
        final Function<byte[], AppendTimeRecorder.Seen> decoder = stopPay ? Benchmark::decision : Benchmark::passedThrough;
        final RunResult result;
        final String graphAppId = StreamsSettings.restrictionsApplicationId(appId);
        try (AppendTimeRecorder outputs = new AppendTimeRecorder(bootstrapServers, stopPay ? DECISIONS : BASELINE_OUT,
                true, "", decoder);
             JavaProcess app = stopPay ? startStopPay(appId, guarantee, metricsPort)
                     : startReference(contender.shape, appId, guarantee);
             KafkaProducer<String, byte[]> hubFeeder = stopPay && hubLinks > 0 ? hubFeeder(appId) : null) {
            final LongSupplier heap = stopPay ? new HeapProbe(metricsPort) : () -> -1;
            if (stopPay) {
                awaitReferenceData(admin, appId, workload, app, metricsPort);
            }
            // After the profiles: a past payment to a registered merchant is no new counterparty.
            final RunResult.Backfill history = stopPay && backfillDays > 0
                    ? new Backfill(admin, producer, workload).load(appId, backfillDays, app) : RunResult.Backfill.NONE;
            // Encoded and written before the window: that is the feeder's and the broker's work, not StopPay's.
            final HubLoad hub = hubFeeder == null ? null : new HubLoad(admin, graphAppId,
                    workload.graphTopics(graphAppId), workload.hubLinkages("183.14.30." + runCounter.get(), hubLinks),
                    hubFeeder);
            if (hub != null) {
                hub.stage();
            }
            final Traffic traffic = new Traffic(producer, workload, rate, outputs::size);
            final long behind = traffic.warmUp(warmup, START_TIMEOUT, () -> outputs.size() > 0, app);
            if (behind > 0) {
                System.out.printf("warm-up ended %d payments behind%n", behind);
            }
            final CompletableFuture<HubLoad.Span> hubLoad = hub != null
                    ? CompletableFuture.supplyAsync(() -> loadHub(hub, app),
                        CompletableFuture.delayedExecutor(hubAfter.toMillis(), TimeUnit.MILLISECONDS))
                    : CompletableFuture.completedFuture(null);
            final Traffic.Measured measured = traffic.measure(duration, app, heap, outputs);
            final HubLoad.Span hubSpan = hubLoad.get();
            if (hubSpan != null) {
                System.out.printf("hub of %d links applied in %.1f s%n", hubSpan.links(), hubSpan.seconds());
            }
            drain(outputs, measured, app);
            writeLabels(appId, measured);
            final RunResult evaluated = Evaluation.of(name, contender.system, guarantee,
                    commitIntervalMs, rate == 0 ? "max-rate" : "fixed-rate", rate, measured, outputs,
                    txnId -> Optional.ofNullable(outputs.get(txnId)).map(Benchmark::decided),
                    workload.scenarios(), stopPay);
            final RunResult started = evaluated.withBackfill(history);
            result = hubSpan == null ? started : started.withHubLoad(Evaluation.hubLoad(measured, outputs, hubSpan));
        }
        return result.withStateBytes(StateSize.byStore(out.resolve("state").resolve(appId)));
    }

    private static HubLoad.Span loadHub(final HubLoad hub, final JavaProcess app) {
        try {
            return hub.load(HUB_LOAD_TIMEOUT, app);
        } catch (final Exception e) {
            throw new IllegalStateException("hub load failed", e);
        }
    }

    /** The ground truth of the measured payments, in the generator's label file format. */
    private void writeLabels(final String appId, final Traffic.Measured measured) throws IOException {
        Files.createDirectories(out.resolve("labels"));
        try (LabelFile.Writer labels = LabelFile.create(out.resolve("labels").resolve(appId + ".csv"))) {
            measured.labels().values().forEach(labels::write);
        }
    }

    /** Refuses, in one line naming the option, what cannot make a run, before a broker starts. */
    private void checkOptions() {
        if (rate < 0) {
            throw new ParameterException(spec.commandLine(), "--rate " + rate + " must be 0 (max rate) or more");
        }
        if (accounts < Population.MIN_ACCOUNTS || accounts > Population.MAX_ACCOUNTS) {
            throw new ParameterException(spec.commandLine(), "--accounts " + accounts + " must be within "
                    + Population.MIN_ACCOUNTS + ".." + Population.MAX_ACCOUNTS);
        }
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions " + partitions + " must be at least 1");
        }
        if (commitIntervalMs < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--commit-interval-ms " + commitIntervalMs + " must be at least 1");
        }
        for (final Duration window : List.of(duration, warmup)) {
            if (window.compareTo(LONGEST_WINDOW) > 0) {
                throw new ParameterException(spec.commandLine(), "--duration and --warmup must be at most "
                        + LONGEST_WINDOW.toHours() + "h, not " + window);
            }
        }
        guarantees.stream().filter(guarantee -> !GUARANTEES.contains(guarantee)).findFirst().ifPresent(guarantee -> {
            throw new ParameterException(spec.commandLine(), "--guarantees " + guarantee + " is not one of "
                    + String.join(", ", GUARANTEES));
        });
        if (Set.copyOf(guarantees).size() != guarantees.size()) {
            // Runs are named by guarantee: a second run of one would be reported, and judged, as the first.
            throw new ParameterException(spec.commandLine(), "--guarantees " + String.join(",", guarantees)
                    + " names a guarantee twice");
        }
        if (!HEAP_SIZE.matcher(appHeap).matches() || heapBytes(appHeap) < MIN_APP_HEAP_BYTES) {
            throw new ParameterException(spec.commandLine(), "--app-heap " + appHeap
                    + " is not a JVM heap size of at least 64m, such as 1g or 512m");
        }
        if (mix != null) {
            try {
                TrafficMix.parse(mix);
            } catch (final IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--mix " + mix + ": " + e.getMessage());
            }
        }
        stopPaySettings.keySet().stream().filter(BENCHMARK_SETTINGS::containsKey).sorted().findFirst().ifPresent(key -> {
            throw new ParameterException(spec.commandLine(), "--stoppay " + key + " is set by the benchmark: "
                    + BENCHMARK_SETTINGS.get(key));
        });
        for (final String guarantee : guarantees) {
            try {
                StopPayConfig.of(toMap(stopPaySettings("check", "localhost:9092", guarantee, 9404)));
            } catch (final ConfigException e) {
                throw new ParameterException(spec.commandLine(), "StopPay would refuse its settings (--stoppay, "
                        + "--commit-interval-ms): " + e.getMessage());
            }
        }
        if (hubLinks < 0 || hubLinks > accounts) {
            throw new ParameterException(spec.commandLine(),
                    "--hub-links " + hubLinks + " must be within 0..--accounts (" + accounts + ")");
        }
        if (hubLinks > 0 && hubAfter.compareTo(duration) >= 0) {
            throw new ParameterException(spec.commandLine(),
                    "--hub-after " + hubAfter + " must be shorter than --duration " + duration);
        }
        if (backfillDays < 0 || backfillDays > PastPayments.MAX_DAYS) {
            throw new ParameterException(spec.commandLine(), "--backfill-days " + backfillDays + " must be within 0.."
                    + PastPayments.MAX_DAYS + " (StopPay's new-payee look-back)");
        }
    }

    private static long heapBytes(final String size) {
        final char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        final int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        final String digits = shift == 0 ? size : size.substring(0, size.length() - 1);
        return digits.length() > 12 ? Long.MAX_VALUE : Long.parseLong(digits) << shift;
    }

    private static Map<String, String> toMap(final Properties settings) {
        final Map<String, String> map = new HashMap<>();
        settings.stringPropertyNames().forEach(key -> map.put(key, settings.getProperty(key)));
        return map;
    }

    /** StopPay in a process of its own, its metrics (no token needed) on {@code metricsPort}. */
    private JavaProcess startStopPay(final String appId, final String guarantee, final int metricsPort) throws IOException {
        final Path config = out.resolve(appId + ".properties");
        final Properties settings = stopPaySettings(appId, bootstrapServers, guarantee, metricsPort);
        try (var writer = Files.newBufferedWriter(config)) {
            settings.store(writer, "benchmark run " + appId);
        }
        return JavaProcess.start(appId, List.of("-Xmx" + appHeap), "io.stoppay.cli.StopPayCli",
                List.of("run", "--config", config.toString()), out.resolve("logs/" + appId + ".log"));
    }

    /** What StopPay's run {@code appId} is configured with: the benchmark's settings, then {@code --stoppay}'s. */
    private Properties stopPaySettings(final String appId, final String bootstrap, final String guarantee,
                                       final int metricsPort) {
        final Properties settings = new Properties();
        settings.put("kafka.bootstrap.servers", bootstrap);
        settings.put("kafka." + StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG), LOG_APPEND_TIME);
        settings.put(StopPayConfig.APPLICATION_ID, appId);
        settings.put(StopPayConfig.STATE_DIR, out.resolve("state").toAbsolutePath().toString());
        settings.put(StopPayConfig.PROCESSING_GUARANTEE, guarantee);
        settings.put(StopPayConfig.COMMIT_INTERVAL_MS, Long.toString(commitIntervalMs));
        settings.put(StopPayConfig.HTTP_PORT, Integer.toString(Ports.free()));
        // The benchmark reads only the (plain) metrics listener and never the API: its transport is
        // not measured, so plain HTTP, said explicitly.
        settings.put(StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true");
        settings.put(StopPayConfig.METRICS_PORT, Integer.toString(metricsPort));
        settings.put(StopPayConfig.HTTP_ADVERTISED_HOST, "localhost");
        if (hubLinks > 0 && StreamsConfig.AT_LEAST_ONCE.equals(guarantee)) {
            // The staged hub must stay unseen until committed (HubLoad); at_least_once reads uncommitted by default.
            settings.put(StopPayConfig.KAFKA_PREFIX + StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG),
                    "read_committed");
        }
        settings.putAll(stopPaySettings);
        return settings;
    }

    private JavaProcess startReference(final PassThrough.Shape shape, final String appId, final String guarantee) {
        return JavaProcess.start(appId, List.of("-Xmx" + appHeap), PassThroughMain.class.getName(),
                List.of(shape.label, bootstrapServers, appId, out.resolve("state").toAbsolutePath().toString(), guarantee,
                        Long.toString(commitIntervalMs), PAYMENTS, BASELINE_OUT),
                out.resolve("logs/" + appId + ".log"));
    }

    private void createTopics(final Admin admin) throws Exception {
        final Map<String, String> appendTime = Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, LOG_APPEND_TIME);
        TopicProvisioner.createIfAbsent(admin, List.of(
                new NewTopic(PAYMENTS, Optional.of(partitions), Optional.empty()).configs(appendTime),
                new NewTopic(DECISIONS, Optional.of(partitions), Optional.empty()).configs(appendTime),
                new NewTopic(BASELINE_OUT, Optional.of(partitions), Optional.empty()).configs(appendTime)));
        new TopicProvisioner(admin, Topics.from(StopPayConfig.of(Map.of()))).createMissing(partitions);
    }

    private void drain(final AppendTimeRecorder outputs, final Traffic.Measured measured, final JavaProcess app)
            throws InterruptedException {
        final long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && !measured.appendTimes().keySet().stream().allMatch(outputs::has)) {
            app.requireAlive();
            outputs.check();
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return producer(Map.of());
    }

    /**
     * The hub's feeder, a transactional producer of its own: its links stay in one open transaction
     * from before the window until {@code --hub-after} into it ({@link HubLoad}), longer than the
     * producer's default transaction timeout of a minute allows, so it asks for the broker's
     * maximum ({@code transaction.max.timeout.ms}, 15 minutes by default).
     */
    private KafkaProducer<String, byte[]> hubFeeder(final String appId) {
        final KafkaProducer<String, byte[]> feeder = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, appId + "-hub-feeder",
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(15).toMillis()));
        feeder.initTransactions();
        return feeder;
    }

    private KafkaProducer<String, byte[]> producer(final Map<String, Object> overrides) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.putAll(overrides);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Writes the reference data right after its topics were created, through a producer of its
     * own with one request in flight, and fails unless every record was written. The first
     * produce to a new partition can meet NOT_LEADER_OR_FOLLOWER while the broker applies the
     * partition; with several requests in flight a later one can then be appended first, and the
     * first is refused OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout drops its records
     * (KAFKA-15591). Seen here on 2026-12-01: a run waited on a minute of such retries for the
     * account profiles. The payments' producer needs no such care: they flow once StopPay has read
     * the reference data, long after every partition has its leader.
     */
    private void loadReferenceData(final Workload workload) throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, byte[]> first = producer(
                Map.of(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1))) {
            final List<Future<RecordMetadata>> sent = workload.referenceData().stream().map(first::send).toList();
            first.flush();
            for (final Future<RecordMetadata> record : sent) {
                record.get();
            }
        }
    }

    /**
     * A bank loads its account profiles and lists long before payments flow; waiting until StopPay
     * has them keeps that one-off load (100,000 profiles take tens of seconds on two cores) out of
     * the measured decisions. Consumed by the validating task and the graph is not yet in the
     * global stores every decision reads: a payment decided before its payer's profile is there
     * is judged as an unknown account's (a dormant account is not dormant). So every global
     * store's lag must read 0 as well (NaN, not yet fetched, does not), twice a second apart (a
     * fetch answered just before the last records were committed says 0 too).
     */
    private static void awaitReferenceData(final Admin admin, final String appId, final Workload workload,
                                           final JavaProcess app, final int metricsPort) throws Exception {
        final long start = System.nanoTime();
        final long deadline = start + START_TIMEOUT.toNanos();
        final String graphAppId = StreamsSettings.restrictionsApplicationId(appId);
        final AppScrape scrape = new AppScrape(metricsPort);
        int caughtUp = 0;
        while (caughtUp < 2) {
            app.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(app.name() + " did not load the reference data within "
                        + START_TIMEOUT + "; see " + app.log());
            }
            final boolean consumed = TopicLog.consumedToEnd(admin, appId, workload.referenceTopics())
                    && TopicLog.consumedToEnd(admin, graphAppId, workload.graphTopics(graphAppId));
            caughtUp = consumed && scrape.sum(GLOBAL_STORE_LAG).orElse(Double.NaN) == 0 ? caughtUp + 1 : 0;
            TimeUnit.MILLISECONDS.sleep(caughtUp == 1 ? 1_000 : 500);
        }
        System.out.printf("reference data loaded in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** A decision's labels: its action, then the id of each rule it hit. */
    private static AppendTimeRecorder.Seen decision(final byte[] bytes) {
        final RiskDecision decision = AvroSerde.of(RiskDecision.class).decode(bytes);
        final List<String> labels = new ArrayList<>(1 + decision.getHits().size());
        labels.add(decision.getAction().name());
        decision.getHits().forEach(hit -> labels.add(hit.getRuleId()));
        return new AppendTimeRecorder.Seen(decision.getTxnId(), labels);
    }

    private static Evaluation.Decided decided(final AppendTimeRecorder.Times times) {
        return new Evaluation.Decided(Action.valueOf(times.labels().get(0)),
                times.labels().subList(1, times.labels().size()));
    }

    private static AppendTimeRecorder.Seen passedThrough(final byte[] bytes) {
        return new AppendTimeRecorder.Seen(AvroSerde.of(PaymentTransaction.class).decode(bytes).getTxnId(), List.of());
    }

}
