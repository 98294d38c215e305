package io.stoppay.app;

import io.stoppay.admin.ListMaintenance;
import io.stoppay.admin.StandingListings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoppay.access.Access;
import io.stoppay.access.InvalidAccessFileException;
import io.stoppay.access.RequestRate;
import io.stoppay.access.Role;
import io.stoppay.api.AdminEndpoints;
import io.stoppay.audit.AuditedSubjectReads;
import io.stoppay.audit.DistinctReads;
import io.stoppay.audit.KafkaReadAuditLog;
import io.stoppay.audit.ReadAuditSearch;
import io.stoppay.api.HealthEndpoints;
import io.stoppay.api.HttpApi;
import io.stoppay.api.MetricsEndpoint;
import io.stoppay.api.ForwardedFor;
import io.stoppay.api.QueryForwarder;
import io.stoppay.api.StatisticsEndpoint;
import io.stoppay.api.SubjectQueryEndpoint;
import io.stoppay.api.tls.HttpTransport;
import io.stoppay.behaviour.AccountHistory;
import io.stoppay.config.StopPayConfig;
import io.stoppay.console.ConsoleEndpoint;
import io.stoppay.console.WarningOutcomeWriter;
import io.stoppay.metrics.InstanceMetrics;
import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.ordering.OrderingSettings;
import io.stoppay.restriction.GraphPace;
import io.stoppay.topology.InterceptionTopology;
import io.stoppay.topology.RestrictionTopology;
import io.stoppay.topology.StreamsSettings;
import io.stoppay.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running StopPay instance: the interception topology in a {@link KafkaStreams} client, the
 * restriction graph in a second one (its own stream thread and consumer, so that a bulk load of
 * lists or linkages never queues in front of payments: design note 13), paused part of the time
 * while decisions run late ({@link GraphPace}), and the HTTP API beside them (metrics, health,
 * queries, list admin, statistics, the console).
 *
 * <p>{@link #create} binds the HTTP port first, because other instances find this one through
 * it ({@code application.server}), and serves health at once: not ready until Kafka Streams
 * runs with every store restored. {@link #start} starts processing.
 *
 * <p>A stream thread that dies of an unexpected error is replaced rather than taking the
 * instance down; bad records never get that far (they go to the dead-letter topic).
 */
public final class StopPayApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StopPayApp.class);
    /**
     * A bulk list file may be large (16 MiB is about 150,000 CSV lines; split bigger files or use
     * the {@code lists} command); every other request body is small. The body is held on the heap
     * while it is parsed, so the bound is also what one request can cost the instance.
     */
    static final long MAX_ADMIN_BODY_BYTES = 16L * 1024 * 1024;
    /** The console takes one outcome at a time: a kind and a note of at most 1,000 characters, even written as JSON escapes of emoji (12 bytes each). */
    static final long MAX_CONSOLE_BODY_BYTES = 16 * 1024;
    /**
     * How long an admin change may read {@code risk.lists.v1} to its end to find what stands
     * (about a second per hundred thousand records): longer is a 503, nothing written.
     */
    private static final Duration ADMIN_LISTINGS_READ_TIMEOUT = Duration.ofSeconds(30);

    /** The console's page, script and styles, and uPlot from its WebJar: all in the jar, nothing from the internet. */
    private static final List<HttpApi.StaticFiles> STATIC_FILES = List.of(
            new HttpApi.StaticFiles("/console", "/console"),
            new HttpApi.StaticFiles("/webjars", "/META-INF/resources/webjars"));

    private static final String DECISIONS = "decisions";
    private static final String RESTRICTIONS = "restrictions";

    private final KafkaStreams streams;
    private final KafkaStreams restrictions;
    private final HttpApi http;
    /** The listener of /metrics and /health without a token, when stoppay.metrics.port is set. */
    private final Optional<HttpApi> scrapeHttp;
    private final KafkaReadAuditLog readAudit;
    private final InstanceMetrics metrics;
    private final ListMaintenance lists;
    private final WarningOutcomeWriter outcomes;
    private final Duration closeTimeout;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final GraphPace pace;
    /**
     * Pauses and resumes the restriction client, so that graph maintenance yields to decisions; and
     * looks at the access file and the HTTPS key files each second.
     */
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(work -> {
        final Thread thread = new Thread(work, "stoppay-graph-pace");
        thread.setDaemon(true);
        return thread;
    });
    private boolean closed;

    private StopPayApp(final KafkaStreams streams, final KafkaStreams restrictions, final HttpApi http,
                       final Optional<HttpApi> scrapeHttp, final KafkaReadAuditLog readAudit,
                       final InstanceMetrics metrics, final ListMaintenance lists,
                       final WarningOutcomeWriter outcomes, final Duration closeTimeout, final GraphPace pace) {
        this.streams = streams;
        this.restrictions = restrictions;
        this.http = http;
        this.scrapeHttp = scrapeHttp;
        this.readAudit = readAudit;
        this.metrics = metrics;
        this.lists = lists;
        this.outcomes = outcomes;
        this.closeTimeout = closeTimeout;
        this.pace = pace;
    }

    /** Builds and starts an instance. */
    public static StopPayApp start(final StopPayConfig config) {
        final StopPayApp app = create(config);
        app.start();
        return app;
    }

    /** Builds an instance and serves its HTTP API; Kafka Streams waits for {@link #start()}. */
    public static StopPayApp create(final StopPayConfig config) {
        final InstanceMetrics metrics = new InstanceMetrics(config.bool(StopPayConfig.METRICS_STORE_DETAIL));
        final Access access = access(config, metrics.registry());
        final HttpTransport transport = HttpTransport.from(config, Clock.systemUTC());
        final HttpApi http = bind(config.string(StopPayConfig.HTTP_BIND_ADDRESS), config.intValue(StopPayConfig.HTTP_PORT),
                config.intValue(StopPayConfig.HTTP_THREADS), STATIC_FILES, transport, metrics.registry());
        // The metrics listener carries no personal data and is meant for Prometheus and the kubelet
        // inside the cluster: plain HTTP (design note 24).
        final Optional<HttpApi> scrapeHttp = config.intValue(StopPayConfig.METRICS_PORT) < 0 ? Optional.empty()
                : Optional.of(bind(config.string(StopPayConfig.METRICS_BIND_ADDRESS),
                        config.intValue(StopPayConfig.METRICS_PORT), 1, List.of(), HttpTransport.plaintext(),
                        metrics.registry()));
        final QueryForwarder forwarder = new QueryForwarder(config.duration(StopPayConfig.QUERY_FORWARD_TIMEOUT_MS),
                transport);
        final HostInfo self = new HostInfo(advertisedHost(config), http.port());
        final Properties props = StreamsSettings.from(config);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.put(InterceptionMetrics.STREAMS_PROPERTY, metrics.interception());
        props.put(OrderingSettings.UPSTREAMS_PROPERTY, paymentPartitions(config));
        final KafkaStreams streams = new KafkaStreams(
                InterceptionTopology.build(config, props, metrics.interception()), props);
        final Properties graphProps = StreamsSettings.forRestrictions(config);
        graphProps.put(InterceptionMetrics.STREAMS_PROPERTY, metrics.interception());
        final KafkaStreams restrictions = new KafkaStreams(RestrictionTopology.build(config, graphProps), graphProps);
        final InstanceHealth health = new InstanceHealth(DECISIONS, RESTRICTIONS);
        final Topics topics = Topics.from(config);
        final KafkaReadAuditLog readAudit = new KafkaReadAuditLog(config.kafka(), topics.subjectReadAudit().name(),
                config.duration(StopPayConfig.AUDIT_TIMEOUT_MS));
        // Always, though no principal may hold ADMIN yet: the access file is reloaded without a restart, so an
        // administrator added later must find the lists writable; and a wrong Kafka setting fails at start.
        final ListMaintenance lists = ListMaintenance.connect(config, "http-api");
        final WarningOutcomeWriter outcomes = WarningOutcomeWriter.connect(config, topics.warningOutcomes());
        final StopPayApp app = new StopPayApp(streams, restrictions, http, scrapeHttp, readAudit, metrics, lists, outcomes,
                config.duration(StopPayConfig.SHUTDOWN_TIMEOUT_MS),
                new GraphPace(metrics.interception().decisionLag(), config.longValue(StopPayConfig.YIELD_LATENCY_MS)));
        supervise(streams, DECISIONS, health, app);
        supervise(restrictions, RESTRICTIONS, health, app);
        app.pacer.scheduleAtFixedRate(access::refresh, 1, 1, TimeUnit.SECONDS);
        app.pacer.scheduleAtFixedRate(transport::renewKeyIfChanged, 1, 1, TimeUnit.SECONDS);
        metrics.observe(streams, restrictions, topics.global(),
                config.duration(StopPayConfig.METRICS_RESTRICTED_REFRESH_MS), health::ready);
        final MetricsEndpoint scrape = new MetricsEndpoint(metrics.registry());
        final RequestRate rate = new RequestRate(config.intValue(StopPayConfig.HTTP_RATE_LIMIT_PER_MINUTE),
                config.intValue(StopPayConfig.HTTP_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE), Clock.systemUTC(),
                metrics.registry());
        // Probes and Prometheus without a token, on a listener of their own where one is configured.
        scrapeHttp.ifPresent(listener -> listener.route("/metrics", 0, scrape)
                .route("/health/", 0, new HealthEndpoints(health)).start());
        // Every stage of a route (rate limit, access check, audit) reads the caller identified here, once.
        http.identify(access::identify).route("/metrics", 0, rate.limit(access.require(Set.of(Role.SCRAPER, Role.ADMIN),
                        (request, caller) -> scrape.handle(request))))
                .route("/health/", 0, new HealthEndpoints(health))
                // The anonymous limit before the audit: a token-less flood's 429s are counted, not written to the
                // 400-day audit; a principal's 429s are refused reads of a named caller, and audited.
                .route("/v1/subjects/", 0, rate.limitAnonymous(new AuditedSubjectReads(rate.limitPrincipals(
                        access.require(Set.of(Role.ANALYST, Role.OFFICER, Role.ADMIN), new SubjectQueryEndpoint(
                                streams, self, forwarder, AccountHistory.Settings.from(config)))),
                        ForwardedFor.among(streams), readAudit, new DistinctReads(metrics.registry(), Clock.systemUTC()),
                        self.host() + ":" + self.port(), Clock.systemUTC(), metrics.registry())))
                .route("/v1/audit/", 0, rate.limit(access.require(Set.of(Role.ADMIN),
                        new ReadAuditSearch(config.kafka(), topics.subjectReadAudit().name(), Clock.systemUTC()))))
                .route("/v1/statistics/", 0, rate.limit(access.require(Set.of(Role.OFFICER, Role.ADMIN),
                        new StatisticsEndpoint(() -> statisticsStore(streams), Clock.system(config.zone())))))
                // ADMIN only: a listing stops payments of every bank in every region, so neither a regional
                // officer nor a bank's analyst can be scoped to it.
                .route("/v1/admin/lists", MAX_ADMIN_BODY_BYTES, rate.limit(access.require(Set.of(Role.ADMIN),
                        new AdminEndpoints(lists,
                                subject -> StandingListings.of(config, subject, ADMIN_LISTINGS_READ_TIMEOUT), streams,
                                Clock.systemUTC()))))
                .route("/v1/console/", MAX_CONSOLE_BODY_BYTES, rate.limit(access.require(
                        Set.of(Role.OFFICER, Role.ANALYST, Role.ADMIN), ConsoleEndpoint.of(streams, self, forwarder, outcomes,
                                Clock.systemUTC()))))
                .start();
        LOG.atInfo().setMessage("HTTP API listening").addKeyValue("scheme", transport.scheme())
                .addKeyValue("port", http.port())
                .addKeyValue("advertised", self.host() + ":" + self.port())
                .addKeyValue("metricsPort", scrapeHttp.map(HttpApi::port).orElse(-1)).log();
        return app;
    }

    /**
     * Replaces a stream thread that dies of an unexpected error, feeds the client's state and
     * restorations to {@code health}, and notes when it stops.
     */
    private static void supervise(final KafkaStreams client, final String name, final InstanceHealth health,
                                  final StopPayApp app) {
        client.setUncaughtExceptionHandler(error -> {
            // Only stream threads can be replaced; Kafka Streams fails on a request to replace the global one.
            if (Thread.currentThread().getName().contains("GlobalStreamThread")) {
                LOG.atError().setMessage("global thread failed; shutting this instance down").addKeyValue("client", name)
                        .setCause(error).log();
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.atError().setMessage("stream thread failed; replacing it").addKeyValue("client", name).setCause(error).log();
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        client.setGlobalStateRestoreListener(health);
        client.setStateListener((now, before) -> {
            health.stateChanged(name, now);
            LOG.atInfo().setMessage("state changed").addKeyValue("client", name).addKeyValue("from", before)
                    .addKeyValue("to", now).log();
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                app.stopped.countDown();
            }
        });
    }

    /**
     * How many payer stages send watermarks: one per partition of the payments topic. The payment
     * history topic must have as many, or a payer's past would be recorded in another task than
     * the one that judges the payer.
     *
     * @throws IllegalStateException when the counts differ
     */
    private static int paymentPartitions(final StopPayConfig config) {
        try (Admin admin = Admin.create(config.kafka())) {
            final String payments = config.string(StopPayConfig.TOPIC_PAYMENTS);
            final String history = config.string(StopPayConfig.TOPIC_PAYMENT_HISTORY);
            final int partitions = TopicProvisioner.partitionsOf(admin, payments);
            final int historyPartitions = TopicProvisioner.partitionsOf(admin, history);
            if (historyPartitions != partitions) {
                throw new IllegalStateException("topic " + history + " has " + historyPartitions + " partitions and "
                        + payments + " has " + partitions + ": they must have as many (recreate " + history + ")");
            }
            return partitions;
        }
    }

    /** Starts processing, and pacing the graph by the decisions. */
    public void start() {
        restrictions.start();
        streams.start();
        pacer.scheduleAtFixedRate(this::paceGraph, GraphPace.SLOT_MS, GraphPace.SLOT_MS, TimeUnit.MILLISECONDS);
    }

    /** Pauses or resumes the restriction client for the next slot, as {@link GraphPace} says. */
    private void paceGraph() {
        try {
            final boolean run = pace.mayRunSlot(System.currentTimeMillis(), metrics.interception().graphChangesApplied());
            if (run && restrictions.isPaused()) {
                restrictions.resume();
            } else if (!run && !restrictions.isPaused()) {
                restrictions.pause();
            }
        } catch (final RuntimeException e) {
            // A client closing under the pacer; the next slot, or the close, settles it.
            LOG.atDebug().setMessage("graph pace not applied").addKeyValue("error", e.toString()).log();
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The port the HTTP API listens on. */
    public int httpPort() {
        return http.port();
    }

    /** The port of the listener of /metrics and /health without a token; -1 when there is none. */
    public int metricsPort() {
        return scrapeHttp.map(HttpApi::port).orElse(-1);
    }

    /** Waits until either client of the instance has stopped, normally or in error; true when in error. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return streams.state() == KafkaStreams.State.ERROR || restrictions.state() == KafkaStreams.State.ERROR;
    }

    /**
     * Commits what is in flight and closes the stores (under exactly-once a clean close also
     * writes the checkpoints that spare the next start a restore), then stops serving HTTP.
     */
    @Override
    public synchronized void close() {
        // Both the SIGTERM hook and the main thread close; the second waits for the first, then returns.
        if (closed) {
            return;
        }
        closed = true;
        pacer.shutdownNow();
        // Leaving the group hands this instance's partitions to the others at once, instead of after
        // the session timeout (45 s) in which nobody would decide them.
        final CloseOptions leave = CloseOptions.timeout(closeTimeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        streams.close(leave);
        restrictions.close(leave);
        lists.close();
        outcomes.close();
        http.close();
        scrapeHttp.ifPresent(HttpApi::close);
        readAudit.close();
        metrics.close();
    }

    /** The statistics every instance holds (a global store); only while the decisions client runs. */
    private static ReadOnlyKeyValueStore<String, byte[]> statisticsStore(final KafkaStreams streams) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException("decisions client is " + streams.state());
        }
        return streams.store(StoreQueryParameters.fromNameAndType(InterceptionTopology.REGION_DAILY_STATISTICS,
                QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }

    /**
     * Reads the files the configuration names (the access file, the HTTPS key and certificates) as
     * an instance would at start, and checks that the API has HTTPS or may do without.
     *
     * @throws InvalidAccessFileException naming the file, entry and field, when the access file cannot be used
     * @throws org.apache.kafka.common.config.ConfigException naming the key, when the HTTPS files
     *         cannot be used or neither HTTPS nor plain HTTP is configured
     */
    public static void checkFiles(final StopPayConfig config) {
        access(config, new SimpleMeterRegistry());
        HttpTransport.from(config, Clock.systemUTC());
    }

    /** The access file's principals; none (every guarded route answers 401) when no file is configured. */
    private static Access access(final StopPayConfig config, final MeterRegistry registry) {
        final String file = config.string(StopPayConfig.ACCESS_FILE);
        return file.isBlank() ? Access.none(registry) : Access.fromFile(Path.of(file), registry);
    }

    private static HttpApi bind(final String address, final int port, final int threads,
                                final List<HttpApi.StaticFiles> staticFiles, final HttpTransport transport,
                                final MeterRegistry registry) {
        try {
            return HttpApi.bind(address, port, threads, staticFiles, transport, registry);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static String advertisedHost(final StopPayConfig config) {
        final String configured = config.string(StopPayConfig.HTTP_ADVERTISED_HOST);
        if (!configured.isBlank()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (final UnknownHostException e) {
            return "localhost";
        }
    }
}
