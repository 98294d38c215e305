package io.stoppay.cli;

import io.stoppay.app.StopPayApp;
import io.stoppay.app.TopicProvisioner;
import io.stoppay.broker.EmbeddedKafkaBroker;
import io.stoppay.config.StopPayConfig;
import io.stoppay.demo.DemoAccess;
import io.stoppay.demo.DemoCertificate;
import io.stoppay.demo.DemoResponders;
import io.stoppay.demo.DemoTraffic;
import io.stoppay.demo.DemoWorld;
import io.stoppay.demo.LiveFeed;
import io.stoppay.privacy.Mask;
import io.stoppay.restriction.SubjectKey;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.InterceptionTopology;
import io.stoppay.topology.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import stoppay.v1.AccountProfile;
import stoppay.v1.Linkage;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * {@code stoppay demo}: a real single-node KRaft broker in this JVM (data kept under
 * {@code --data-dir}), StopPay on it, sample lists, linkages and accounts, and a stream of
 * generated payments with fraud among them; decisions, bank alerts, police warnings and dead
 * letters are printed as they are published, until Ctrl-C or {@code --duration}. A simulated bank and
 * anti-fraud centres answer some alerts and warnings ({@link DemoResponders}); the summary ends with
 * the statistics StopPay published for each region-day. The API and console are served over HTTPS
 * with a certificate made for the run ({@link DemoCertificate}); the curl lines printed trust it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run StopPay on an embedded Kafka broker with generated traffic and print what it decides.")
final class DemoCommand implements Callable<Integer> {

    /** Large enough that an ordinary holder pays a few times an hour at the default rate, as people do. */
    private static final int POPULATION = 5_000;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** How long the summary waits for the last payments' decisions: a loaded machine may be a minute behind. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RELEASE_AFTER_AT_MOST = Duration.ofSeconds(60);

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop after this long, e.g. 45s or 5m (default: until Ctrl-C).")
    private Duration duration;

    @Option(names = "--rate", defaultValue = "20", description = "Payments per second (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--data-dir", defaultValue = "stoppay-demo-data",
            description = "Where the broker and the state stores keep their data (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated population and traffic.")
    private long seed;

    @Option(names = "--http-port", defaultValue = "8080",
            description = "Port of the HTTPS API and console: metrics, health, queries, admin; 0 = any free port (default: ${DEFAULT-VALUE}).")
    private int httpPort;

    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || rate > 10_000) {
            throw new StopPayCli.UsageException("--rate must be between 1 and 10000 payments per second, not " + rate);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndWait, "stoppay-demo-shutdown"));
        try {
            return runDemo();
        } finally {
            finished.countDown();
        }
    }

    private int runDemo() throws Exception {
        Files.createDirectories(dataDir);
        out.println("Starting an embedded Kafka broker with its data in " + dataDir.toAbsolutePath() + " ...");
        final DemoAccess access = DemoAccess.write(dataDir, DemoWorld.firstRegion());
        final DemoCertificate certificate = DemoCertificate.create(dataDir);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startOnLoopback(Optional.of(dataDir.resolve("kafka")))) {
            out.println("Kafka: " + broker.bootstrapServers() + " (this machine only: the demo's broker has no "
                    + "authentication)");
            final Map<String, String> settings = new HashMap<>(certificate.settings());
            settings.putAll(Map.of(
                    StopPayConfig.KAFKA_PREFIX + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    StopPayConfig.APPLICATION_ID, "stoppay-demo",
                    StopPayConfig.STATE_DIR, dataDir.resolve("state").toString(),
                    StopPayConfig.HTTP_PORT, Integer.toString(httpPort),
                    StopPayConfig.HTTP_ADVERTISED_HOST, "localhost",
                    // The certificate is for localhost, and the demo is for the person at this machine.
                    StopPayConfig.HTTP_BIND_ADDRESS, "127.0.0.1",
                    StopPayConfig.ACCESS_FILE, access.file().toString()));
            final StopPayConfig config = StopPayConfig.of(settings);
            final Topics topics = Topics.from(config);
            try (Admin admin = Admin.create(config.kafka())) {
                new TopicProvisioner(admin, topics).createMissing(3);
            }
            final DemoWorld world = new DemoWorld(seed, POPULATION, Instant.now());
            try (KafkaProducer<String, byte[]> producer = producer(config);
                 StopPayApp app = StopPayApp.start(config);
                 LiveFeed feed = new LiveFeed(config.kafka(), topics, out, new DemoResponders(seed, producer, topics, out))) {
                loadReferenceData(producer, topics, world);
                final Thread feedThread = new Thread(feed, "stoppay-demo-feed");
                feedThread.start();
                awaitRestrictionsLoaded(app, world, access, certificate);
                final long sent = sendTraffic(producer, topics, world);
                waitUntil(() -> feed.count("decided") + feed.count("dead-letters") >= sent, DRAIN_TIMEOUT);
                producer.flush();
                waitUntil(() -> feed.statisticsDecided() >= feed.count("decided")
                        && feed.statisticsAnswered() >= feed.outcomesWritten(), DRAIN_TIMEOUT);
                out.println("[summary] sent=" + sent + " " + feed.summary());
                unaccounted(sent, feed.count("decided"), feed.count("dead-letters")).ifPresent(out::println);
                feed.statisticsLines().forEach(line -> out.println("[statistics] " + line));
                feed.close();
                feedThread.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
        return 0;
    }

    /**
     * A line for the payments the summary leaves out, if any: sent, but neither decided nor
     * dead-lettered within {@link #DRAIN_TIMEOUT} of the last send (StopPay behind on a loaded
     * machine). Their decisions still reach the topics; the summary's counts stop waiting for them.
     */
    static Optional<String> unaccounted(final long sent, final long decided, final long deadLetters) {
        final long missing = sent - decided - deadLetters;
        return missing <= 0 ? Optional.empty() : Optional.of("[summary] " + missing + " of " + sent
                + " payments sent were neither decided nor dead-lettered within " + DRAIN_TIMEOUT.toSeconds()
                + " s of the last one: StopPay is behind on this machine, and the counts above leave them out");
    }

    private void loadReferenceData(final KafkaProducer<String, byte[]> producer, final Topics topics,
                                   final DemoWorld world) {
        final AvroSerde<AccountProfile> profiles = AvroSerde.of(AccountProfile.class);
        final AvroSerde<RiskListEntry> entries = AvroSerde.of(RiskListEntry.class);
        final AvroSerde<Linkage> links = AvroSerde.of(Linkage.class);
        world.profiles().forEach(p -> producer.send(
                new ProducerRecord<>(topics.accounts().name(), p.getAccountId(), profiles.encode(p))));
        world.linkages().forEach(kv -> producer.send(
                new ProducerRecord<>(topics.linkages().name(), kv.key, links.encode(kv.value))));
        world.listEntries().forEach(kv -> producer.send(
                new ProducerRecord<>(topics.lists().name(), kv.key, entries.encode(kv.value))));
        producer.flush();
        out.printf("Loaded %d account profiles, %d linkages and %d list entries.%n",
                world.profiles().size(), world.linkages().size(), world.listEntries().size());
    }

    private void awaitRestrictionsLoaded(final StopPayApp app, final DemoWorld world, final DemoAccess access,
                                         final DemoCertificate certificate) throws InterruptedException {
        final String probe = SubjectKey.of(SubjectType.PHONE, world.linkedToFraudCard().phone()).toString();
        final boolean ready = waitUntil(() -> {
            if (app.streams().state() != KafkaStreams.State.RUNNING) {
                return false;
            }
            try {
                final ReadOnlyKeyValueStore<String, Object> store = app.streams().store(StoreQueryParameters
                        .fromNameAndType(InterceptionTopology.RESTRICTED_SUBJECTS, QueryableStoreTypes.keyValueStore()));
                return store.get(probe) != null;
            } catch (final InvalidStateStoreException e) {
                return false;
            }
        }, READY_TIMEOUT);
        if (!ready) {
            throw new IllegalStateException("StopPay did not become ready within " + READY_TIMEOUT);
        }
        final String api = "https://localhost:" + app.httpPort();
        final String curl = "curl --cacert " + certificate.certificate() + " ";
        out.println("HTTPS API: " + api + " (" + api + "/health/ready needs no token; the list admin API takes the "
                + "administrator's token below)");
        out.println("Certificate: made for this run and self-signed (" + certificate.certificate()
                + "); your browser will warn about it: accept it for localhost, or trust that file");
        out.println("Metrics: " + curl + "-H 'Authorization: Bearer " + access.adminToken() + "' " + api + "/metrics");
        out.println("Subject query: " + curl + "-H 'Authorization: Bearer " + access.analystToken() + "' " + api
                + "/v1/subjects/ACCOUNT/" + world.fraudAccount().account());
        out.println("Console: " + api + "/console/ (log in with a token of this run; hashes in " + access.file() + ")");
        out.println("  officer of region " + access.officerRegion() + ": " + access.officerToken());
        out.println("  analyst of bank " + DemoWorld.BANK_CODE + ": " + access.analystToken());
        out.println("  administrator: " + access.adminToken());
        out.println("Statistics: " + curl + "-H 'Authorization: Bearer " + access.officerToken() + "' " + api
                + "/v1/statistics/regions/" + access.officerRegion());
        out.println("StopPay is running. Sending " + rate + " payments/s"
                + (duration == null ? "; Ctrl-C to stop." : " for " + duration.toSeconds() + "s."));
    }

    private long sendTraffic(final KafkaProducer<String, byte[]> producer, final Topics topics,
                             final DemoWorld world) {
        final DemoTraffic traffic = new DemoTraffic(world, topics.payments().name(), seed);
        final long start = System.nanoTime();
        final long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        final long releaseAt = start + Math.min(RELEASE_AFTER_AT_MOST.toNanos(),
                duration == null ? Long.MAX_VALUE : duration.toNanos() * 6 / 10);
        final long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = start;
        long sent = 0;
        boolean released = false;
        while (!stopRequested.get() && next < end) {
            LockSupport.parkNanos(next - System.nanoTime());
            producer.send(traffic.next(Instant.now()));
            sent++;
            next += period;
            if (!released && System.nanoTime() >= releaseAt) {
                releaseOnAppeal(producer, topics, world.accountTrader().account());
                released = true;
            }
        }
        producer.flush();
        return sent;
    }

    /** 申诉: an appeal upheld releases the account, and its payments pass again. */
    private void releaseOnAppeal(final KafkaProducer<String, byte[]> producer, final Topics topics,
                                 final String account) {
        producer.send(new ProducerRecord<>(topics.lists().name(), SubjectType.ACCOUNT + ":" + account, null));
        out.println("[admin] appeal upheld: ACCOUNT " + Mask.cardOrAccount(account)
                + " released from ACCOUNT_TRADER; its payments pass from now on");
    }

    private static KafkaProducer<String, byte[]> producer(final StopPayConfig config) {
        final Map<String, Object> props = new HashMap<>(config.kafka());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private void stopAndWait() {
        stopRequested.set(true);
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean waitUntil(final BooleanSupplier condition, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !stopRequested.get()) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
