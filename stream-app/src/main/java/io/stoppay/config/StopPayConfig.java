package io.stoppay.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one typed configuration of StopPay, validated when it is built.
 *
 * <p>Precedence, lowest first: the defaults defined here, then the properties file, then
 * environment variables. Keys under {@code stoppay.} are ours and must be known; keys under
 * {@code kafka.} are passed, without the prefix, to every Kafka client and to Kafka Streams
 * (bootstrap servers, TLS, SASL, ...); any other key is an error. An environment variable {@code STOPPAY_X_Y} sets
 * {@code stoppay.x.y}, and {@code STOPPAY_KAFKA_X_Y} sets {@code kafka.x.y}.
 *
 * <p>A wrong value fails with a {@link ConfigException} naming the key; nothing is logged with
 * its value, because {@code kafka.*} keys carry secrets.
 */
public final class StopPayConfig {

    public static final String KAFKA_PREFIX = "kafka.";
    private static final String OURS_PREFIX = "stoppay.";
    private static final String ENV_PREFIX = "STOPPAY_";

    public static final String APPLICATION_ID = "stoppay.application.id";
    public static final String STATE_DIR = "stoppay.state.dir";
    public static final String PROCESSING_GUARANTEE = "stoppay.processing.guarantee";
    public static final String COMMIT_INTERVAL_MS = "stoppay.commit.interval.ms";
    public static final String NUM_STANDBY_REPLICAS = "stoppay.num.standby.replicas";
    public static final String REPLICATION_FACTOR = "stoppay.replication.factor";
    public static final String TOPIC_PAYMENTS = "stoppay.topic.payments";
    public static final String TOPIC_PAYMENT_HISTORY = "stoppay.topic.payment.history";
    public static final String TOPIC_LISTS = "stoppay.topic.lists";
    public static final String TOPIC_LINKAGES = "stoppay.topic.linkages";
    public static final String TOPIC_ACCOUNTS = "stoppay.topic.accounts";
    public static final String TOPIC_ACCEPTED_ACCOUNTS = "stoppay.topic.accepted.accounts";
    public static final String TOPIC_RESTRICTIONS = "stoppay.topic.restrictions";
    public static final String TOPIC_SUBJECT_USAGE = "stoppay.topic.subject.usage";
    public static final String USAGE_MIN_ACCOUNTS = "stoppay.usage.min.accounts";
    public static final String USAGE_CHANNEL_WINDOW_MS = "stoppay.usage.channel.window.ms";
    public static final String USAGE_CHANNEL_REFRESH_MS = "stoppay.usage.channel.refresh.ms";
    public static final String TOPIC_RULES = "stoppay.topic.rules";
    public static final String TOPIC_ACCEPTED_RULES = "stoppay.topic.accepted.rules";
    public static final String RULESET_ID = "stoppay.rules.ruleset.id";
    public static final String BEHAVIOUR_RETENTION_MS = "stoppay.behaviour.retention.ms";
    public static final String BEHAVIOUR_GRACE_MS = "stoppay.behaviour.grace.ms";
    public static final String BEHAVIOUR_MAX_FLOWS = "stoppay.behaviour.max.flows";
    public static final String TOPIC_DECISIONS = "stoppay.topic.decisions";
    public static final String TOPIC_STOP_PAYMENTS = "stoppay.topic.stop.payments";
    public static final String TOPIC_POLICE_WARNINGS = "stoppay.topic.police.warnings";
    public static final String TOPIC_DEAD_LETTERS = "stoppay.topic.dead.letters";
    public static final String MAX_HOPS = "stoppay.restriction.max.hops";
    public static final String MAX_DEGREE = "stoppay.restriction.max.degree";
    public static final String EXPIRY_CHECK_INTERVAL_MS = "stoppay.restriction.expiry.check.interval.ms";
    public static final String YIELD_LATENCY_MS = "stoppay.restriction.yield.latency.ms";
    public static final String DEDUPE_WINDOW_MS = "stoppay.dedupe.window.ms";
    public static final String MAX_FUTURE_SKEW_MS = "stoppay.validation.max.future.skew.ms";
    public static final String MAX_PAST_AGE_MS = "stoppay.validation.max.past.age.ms";
    public static final String NEW_PAYEE_LOOKBACK_MS = "stoppay.rules.new.payee.lookback.ms";
    public static final String ZONE = "stoppay.rules.zone";
    public static final String LIMIT_CURRENCY = "stoppay.rules.limit.currency";
    public static final String UNROUTED_REGION = "stoppay.police.unrouted.region";
    public static final String TOPIC_LIST_AUDIT = "stoppay.topic.list.audit";
    public static final String TOPIC_STOP_PAYMENT_OUTCOMES = "stoppay.topic.stop.payment.outcomes";
    public static final String TOPIC_WARNING_OUTCOMES = "stoppay.topic.police.warning.outcomes";
    public static final String OUTCOME_OVERDUE_MS = "stoppay.outcome.overdue.ms";
    public static final String OUTCOME_WARNING_OVERDUE_MS = "stoppay.outcome.warning.overdue.ms";
    public static final String OUTCOME_RETENTION_MS = "stoppay.outcome.retention.ms";
    public static final String TOPIC_STATISTICS = "stoppay.topic.statistics";
    public static final String TOPIC_SUBJECT_READ_AUDIT = "stoppay.topic.subject.read.audit";
    public static final String AUDIT_TIMEOUT_MS = "stoppay.audit.timeout.ms";
    public static final String STATISTICS_RETENTION_DAYS = "stoppay.statistics.retention.days";
    public static final String HTTP_PORT = "stoppay.http.port";
    public static final String HTTP_BIND_ADDRESS = "stoppay.http.bind.address";
    public static final String HTTP_ADVERTISED_HOST = "stoppay.http.advertised.host";
    public static final String HTTP_THREADS = "stoppay.http.threads";
    public static final String HTTP_PLAINTEXT_ALLOWED = "stoppay.http.plaintext.allowed";
    public static final String HTTP_TLS_KEYSTORE = "stoppay.http.tls.keystore";
    public static final String HTTP_TLS_KEYSTORE_PASSWORD = "stoppay.http.tls.keystore.password";
    public static final String HTTP_TLS_CERTIFICATE = "stoppay.http.tls.certificate";
    public static final String HTTP_TLS_PRIVATE_KEY = "stoppay.http.tls.private.key";
    public static final String HTTP_TLS_TRUST = "stoppay.http.tls.trust";
    public static final String METRICS_PORT = "stoppay.metrics.port";
    public static final String HTTP_RATE_LIMIT_PER_MINUTE = "stoppay.http.rate.limit.per.minute";
    public static final String HTTP_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE = "stoppay.http.rate.limit.unauthenticated.per.minute";
    public static final String METRICS_BIND_ADDRESS = "stoppay.metrics.bind.address";
    public static final String QUERY_FORWARD_TIMEOUT_MS = "stoppay.query.forward.timeout.ms";
    public static final String ACCESS_FILE = "stoppay.access.file";
    public static final String ROCKSDB_BLOCK_CACHE_BYTES = "stoppay.rocksdb.block.cache.bytes";
    public static final String ROCKSDB_WRITE_BUFFER_BYTES = "stoppay.rocksdb.write.buffer.bytes";
    public static final String METRICS_RESTRICTED_REFRESH_MS = "stoppay.metrics.restricted.refresh.ms";
    public static final String METRICS_STORE_DETAIL = "stoppay.metrics.store.detail";
    public static final String SHUTDOWN_TIMEOUT_MS = "stoppay.shutdown.timeout.ms";
    public static final String ORDERING_ENABLED = "stoppay.ordering.enabled";
    public static final String ORDERING_TOLERANCE_MS = "stoppay.ordering.tolerance.ms";
    public static final String ORDERING_LATE_AFTER_MS = "stoppay.ordering.late.after.ms";
    public static final String ORDERING_MAX_HOLD_MS = "stoppay.ordering.max.hold.ms";

    private static final long HOUR_MS = Duration.ofHours(1).toMillis();
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final long MIB = 1024L * 1024L;
    /**
     * Keys StopPay no longer reads, with what replaced them: a leftover one fails start-up with a
     * message that says what to do, not only that the key is unknown.
     */
    private static final Map<String, String> REPLACED_KEYS = Map.of(
            "stoppay.admin.token", "replaced by a principal with the ADMIN role in " + ACCESS_FILE
                    + " (README, Access); remove it");

    /**
     * Kafka Streams settings StopPay sets itself, after the {@code kafka.*} ones
     * ({@code StreamsSettings}): given as {@code kafka.<key>} they would be overridden without a word,
     * so start-up refuses them and says what to use instead.
     */
    private static final String UNDECODABLE_TO_DEAD_LETTERS =
            "StopPay's handler sends undecodable records to the dead-letter topic";
    private static final String FAILED_TO_DEAD_LETTERS =
            "StopPay's handler sends records that fail processing to the dead-letter topic";
    private static final String ACKS_ALL = "StopPay's producers write with acks=all: a decision, alert or warning "
            + "acknowledged by one replica alone could be lost";
    private static final Map<String, String> OWNED_KAFKA_KEYS = Map.ofEntries(
            Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, "use " + APPLICATION_ID),
            Map.entry(StreamsConfig.STATE_DIR_CONFIG, "use " + STATE_DIR),
            Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "use " + PROCESSING_GUARANTEE),
            Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "use " + COMMIT_INTERVAL_MS),
            Map.entry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "use " + NUM_STANDBY_REPLICAS),
            Map.entry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "use " + REPLICATION_FACTOR),
            Map.entry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "use " + TOPIC_DEAD_LETTERS),
            Map.entry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "StopPay sets -1: event-time order is its watermarks' "
                    + "job, and waiting for partitions with nothing fetched cost CPU for no detection (design notes 9, 12)"),
            Map.entry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UNDECODABLE_TO_DEAD_LETTERS),
            Map.entry(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UNDECODABLE_TO_DEAD_LETTERS),
            Map.entry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, FAILED_TO_DEAD_LETTERS),
            Map.entry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, FAILED_TO_DEAD_LETTERS),
            Map.entry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "StopPay names every internal "
                    + "topic and store, and requires it so that a renamed one cannot orphan its changelog"),
            Map.entry(ProducerConfig.ACKS_CONFIG, ACKS_ALL),
            Map.entry(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), ACKS_ALL),
            Map.entry(StreamsConfig.APPLICATION_SERVER_CONFIG, "use " + HTTP_ADVERTISED_HOST + " and " + HTTP_PORT
                    + ": StopPay advertises where its API answers, for queries forwarded between instances"),
            Map.entry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
                    "StopPay bounds RocksDB's memory itself; use " + ROCKSDB_BLOCK_CACHE_BYTES + " and "
                            + ROCKSDB_WRITE_BUFFER_BYTES));

    /**
     * The main consumer's session timeout unless {@code kafka.session.timeout.ms} is given: the
     * brokers' lowest allowed ({@code group.min.session.timeout.ms}, 6 s by default). At 10 s a
     * 3-broker failover took 15.8-30.1 s against its 30 s budget (FailoverIT, 2026-12-01).
     */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 6_000;

    /** Every key we understand, its type, default, range and meaning; the README table is made from it. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(APPLICATION_ID, Type.STRING, "stoppay", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application.id: the consumer group and the prefix of internal topics.")
            .define(STATE_DIR, Type.STRING, System.getProperty("java.io.tmpdir") + "/stoppay-state",
                    new ConfigDef.NonEmptyString(), Importance.HIGH, "Directory of the local RocksDB state.")
            .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.HIGH,
                    "exactly_once_v2 (default: no decision, alert or warning is lost or doubled) or at_least_once.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.between(1, 60_000), Importance.MEDIUM,
                    "Kafka Streams commit interval. Under exactly-once it bounds how soon a decision becomes visible.")
            .define(NUM_STANDBY_REPLICAS, Type.INT, 0, Range.between(0, 5), Importance.MEDIUM,
                    "Warm copies of each state store on other instances; use 1 or more in production.")
            .define(REPLICATION_FACTOR, Type.INT, -1, Range.between(-1, 10), Importance.MEDIUM,
                    "Replication of internal topics; -1 takes the broker default. Use 3 in production.")
            .define(TOPIC_PAYMENTS, Type.STRING, "payments.transactions.v1", Importance.LOW, "Input: payments.")
            .define(TOPIC_PAYMENT_HISTORY, Type.STRING, "payments.history.v1", Importance.LOW,
                    "Input: past payments loaded by `stoppay backfill` into behaviour state, never decided; "
                            + "as many partitions as the payments topic.")
            .define(TOPIC_LISTS, Type.STRING, "risk.lists.v1", Importance.LOW, "Input: high-risk lists (compacted).")
            .define(TOPIC_LINKAGES, Type.STRING, "risk.linkages.v1", Importance.LOW, "Input: linkages (compacted).")
            .define(TOPIC_ACCOUNTS, Type.STRING, "risk.accounts.v1", Importance.LOW, "Input: account profiles (compacted).")
            .define(TOPIC_ACCEPTED_ACCOUNTS, Type.STRING, "risk.accounts.accepted.v1", Importance.LOW,
                    "Derived: the account profiles that passed validation (compacted), read back by every instance.")
            .define(TOPIC_RESTRICTIONS, Type.STRING, "risk.restrictions.v1", Importance.LOW,
                    "Derived: restriction status per subject (compacted), read back by every instance.")
            .define(TOPIC_SUBJECT_USAGE, Type.STRING, "risk.subject-usage.v1", Importance.LOW,
                    "Derived: how many accounts a holder, device or IP stands for (compacted), read back by every instance.")
            .define(TOPIC_RULES, Type.STRING, "risk.rules.v1", Importance.LOW, "Input: rulesets (compacted).")
            .define(TOPIC_ACCEPTED_RULES, Type.STRING, "risk.rules.accepted.v1", Importance.LOW,
                    "Derived: the rulesets that passed validation (compacted), read back by every instance.")
            .define(TOPIC_DECISIONS, Type.STRING, "risk.decisions.v1", Importance.LOW, "Output: one decision per payment.")
            .define(TOPIC_STOP_PAYMENTS, Type.STRING, "alerts.stop-payment.v1", Importance.LOW,
                    "Output: stop-payment alerts for HOLD and STOP_PAYMENT.")
            .define(TOPIC_POLICE_WARNINGS, Type.STRING, "alerts.police-warnings.v1", Importance.LOW,
                    "Output: police warnings, keyed by region.")
            .define(TOPIC_DEAD_LETTERS, Type.STRING, "payments.transactions.dlq.v1", Importance.LOW,
                    "Output: records that could not be accepted, with the reason.")
            .define(MAX_HOPS, Type.INT, 2, Range.between(0, 4), Importance.HIGH,
                    "A subject linked to a listed one within this many hops is restricted too.")
            .define(YIELD_LATENCY_MS, Type.LONG, 400L, Range.between(0, 60_000), Importance.MEDIUM,
                    "While payments are decided later than this after their append, graph maintenance (lists, "
                            + "linkages) is paused part of the time, down to a tenth of it, and runs fully again when "
                            + "they are not: a bulk load does not hold decisions back for long (design note 13). "
                            + "0: the graph never yields.")
            .define(MAX_DEGREE, Type.INT, 200, Range.between(1, 1_000_000), Importance.MEDIUM,
                    "A subject with more links than this is a hub (a carrier-grade NAT address, a shop's Wi-Fi, "
                            + "a family tablet): restriction does not pass through it, and its own listing restricts "
                            + "only payments that carry it. Keeps one hub from restricting everyone behind it, and "
                            + "bounds the work of every graph update.")
            .define(EXPIRY_CHECK_INTERVAL_MS, Type.LONG, 60_000L, Range.between(100, DAY_MS), Importance.LOW,
                    "How often expired list entries are released.")
            .define(DEDUPE_WINDOW_MS, Type.LONG, DAY_MS, Range.between(1, 30 * DAY_MS), Importance.MEDIUM,
                    "A payment redelivered with the same txnId within this window is not decided again.")
            .define(MAX_FUTURE_SKEW_MS, Type.LONG, 300_000L, Range.between(0, DAY_MS), Importance.MEDIUM,
                    "A payment whose eventTime is further than this ahead of its Kafka timestamp is rejected.")
            .define(MAX_PAST_AGE_MS, Type.LONG, DAY_MS, Range.between(60_000, 365 * DAY_MS), Importance.MEDIUM,
                    "A payment whose eventTime is further than this behind its Kafka timestamp is rejected "
                            + "(STALE_EVENT_TIME): seconds sent as milliseconds, a broken clock. At most "
                            + DEDUPE_WINDOW_MS + ". Default: " + BEHAVIOUR_RETENTION_MS + " (or the dedupe window if "
                            + "shorter), so a replay the behaviour rules can still judge is decided.")
            .define(RULESET_ID, Type.STRING, "default", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Which ruleset on the rules topic decides; the built-in one applies until it is published.")
            .define(BEHAVIOUR_RETENTION_MS, Type.LONG, DAY_MS, Range.between(60_000, 7 * DAY_MS), Importance.MEDIUM,
                    "How long each account's payments are remembered: the longest window a rule may use.")
            .define(BEHAVIOUR_GRACE_MS, Type.LONG, 300_000L, Range.between(0, DAY_MS), Importance.MEDIUM,
                    "A payment this late behind stream time still counts in behaviour windows; a later one is "
                            + "decided but not counted.")
            .define(BEHAVIOUR_MAX_FLOWS, Type.INT, 1000, Range.between(10, 100_000), Importance.LOW,
                    "Rules look at no more than this many newest payments per account, direction and window "
                            + "(bounds the cost of busy accounts).")
            .define(USAGE_MIN_ACCOUNTS, Type.INT, 3, Range.between(2, 1000), Importance.LOW,
                    "A holder's accounts and cards, or a device's or IP's payer accounts, are published from this many "
                            + "up; rules cannot see smaller counts.")
            .define(USAGE_CHANNEL_WINDOW_MS, Type.LONG, DAY_MS, Range.between(60_000, 30 * DAY_MS), Importance.LOW,
                    "Payer accounts seen on one device or IP are counted within this window.")
            .define(USAGE_CHANNEL_REFRESH_MS, Type.LONG, HOUR_MS, Range.between(0, 30 * DAY_MS), Importance.LOW,
                    "A payer's first use of a device or IP in each period this long is counted; its later uses "
                            + "in the period are not sent to the count. So a payer may leave a count, and a published "
                            + "count be withdrawn, up to this much early or late. 0 counts every use. Below "
                            + USAGE_CHANNEL_WINDOW_MS + "; by default at most a 24th of it.")
            .define(NEW_PAYEE_LOOKBACK_MS, Type.LONG, 90 * DAY_MS, Range.between(DAY_MS, 400 * DAY_MS), Importance.MEDIUM,
                    "A payee the payer has not paid within this look-back counts as new.")
            .define(ZONE, Type.STRING, "Asia/Shanghai", parsedBy(ZoneId::of, "a time zone id such as Asia/Shanghai"), Importance.LOW,
                    "Time zone of the business day (daily limits) and of ages.")
            .define(LIMIT_CURRENCY, Type.STRING, "CNY", parsedBy(Currency::getInstance, "an ISO 4217 currency code"), Importance.LOW,
                    "Currency in which every amount threshold below is given; other currencies skip amount rules.")
            .define(UNROUTED_REGION, Type.STRING, "000000", Importance.LOW,
                    "Region key of police warnings whose region is unknown (routed to the national centre).")
            .define(TOPIC_LIST_AUDIT, Type.STRING, "risk.lists.audit.v1", Importance.LOW,
                    "Output: one audit record per list change made through the admin API or CLI (who, why, when).")
            .define(TOPIC_STOP_PAYMENT_OUTCOMES, Type.STRING, "alerts.stop-payment.outcomes.v1", Importance.LOW,
                    "Input: what banks did about stop-payment alerts (StopPaymentOutcome, keyed by alertId).")
            .define(TOPIC_WARNING_OUTCOMES, Type.STRING, "alerts.police-warnings.outcomes.v1", Importance.LOW,
                    "Input: what anti-fraud centres made of police warnings (WarningOutcome, keyed by warningId).")
            .define(OUTCOME_OVERDUE_MS, Type.LONG, DAY_MS, Range.between(60_000, 30 * DAY_MS), Importance.MEDIUM,
                    "A stop-payment alert with no outcome this long after it was issued is overdue "
                            + "(stoppay_outcomes_overdue). A day: the held money is a customer's, and an emergency "
                            + "stop-payment lapses after 48 h unless the bank or the police act.")
            .define(OUTCOME_WARNING_OVERDUE_MS, Type.LONG, 2 * 3_600_000L, Range.between(60_000, 30 * DAY_MS),
                    Importance.MEDIUM, "A police warning with no outcome this long after it was issued is overdue. "
                            + "Two hours: a dissuasion call helps only before the victim pays by another channel.")
            .define(OUTCOME_RETENTION_MS, Type.LONG, 30 * DAY_MS, Range.between(3_600_000L, 400 * DAY_MS),
                    Importance.MEDIUM, "How long the outcome loop keeps an alert or warning and its outcomes, and "
                            + "an outcome waiting for its alert or warning (then counted in "
                            + "stoppay_outcomes_unmatched_total); must exceed both overdue times.")
            .define(TOPIC_SUBJECT_READ_AUDIT, Type.STRING, "audit.subject-reads.v1", Importance.LOW,
                    "Output (retained 400 days when StopPay creates it): one SubjectReadAudit per request to read a "
                            + "subject, allowed or refused, keyed by principal.")
            .define(AUDIT_TIMEOUT_MS, Type.LONG, 5_000L, Range.between(100, 60_000), Importance.LOW,
                    "How long a subject read waits for its audit record to be acknowledged; past it the read is "
                            + "answered 503, never without its audit.")
            .define(TOPIC_STATISTICS, Type.STRING, "stats.region-daily.v1", Importance.LOW,
                    "Output (compacted): statistics per region and Beijing day (RegionDailyStatistics, keyed "
                            + "<region>|<yyyy-MM-dd>).")
            .define(STATISTICS_RETENTION_DAYS, Type.INT, 400, Range.between(1, 3_660), Importance.MEDIUM,
                    "Days of statistics kept before today (in stoppay.rules.zone): older region-days are deleted and "
                            + "tombstoned on the statistics topic. 400: a year back plus a month, so a day can be "
                            + "compared with the same day last year; must exceed stoppay.outcome.retention.ms, so "
                            + "that a late outcome still finds the day of its alert or warning.")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65_535), Importance.HIGH,
                    "Port of the HTTP API (metrics, health, queries, admin); 0 picks a free one.")
            .define(HTTP_BIND_ADDRESS, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the HTTP API listens on.")
            .define(HTTP_ADVERTISED_HOST, Type.STRING, "", Importance.HIGH,
                    "Host name or IP other instances use to forward queries here (Kafka Streams application.server); "
                            + "empty = this machine's host name. In Kubernetes: the pod IP.")
            .define(HTTP_THREADS, Type.INT, 4, Range.between(1, 64), Importance.LOW,
                    "Threads serving HTTP requests (Jetty adds one that accepts connections and one that watches them).")
            .define(HTTP_PLAINTEXT_ALLOWED, Type.BOOLEAN, false, Importance.HIGH,
                    "Serve the HTTP API as plain HTTP when no TLS key is configured. Off by default: tokens and "
                            + "personal data must not cross a network in clear text unless someone chose so "
                            + "(a test, a port reached only through a TLS-terminating proxy on the same host).")
            .define(HTTP_TLS_KEYSTORE, Type.STRING, "", Importance.HIGH,
                    "PKCS#12 file with the HTTPS key and its certificate chain (one key entry); needs "
                            + HTTP_TLS_KEYSTORE_PASSWORD + ". Or give " + HTTP_TLS_CERTIFICATE + " and "
                            + HTTP_TLS_PRIVATE_KEY + " instead, never both.")
            .define(HTTP_TLS_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                    "Password of " + HTTP_TLS_KEYSTORE + " (and of its key entry). Never logged.")
            .define(HTTP_TLS_CERTIFICATE, Type.STRING, "", Importance.HIGH,
                    "PEM file with the HTTPS certificate chain, the server's first (a Kubernetes TLS Secret's "
                            + "tls.crt); with " + HTTP_TLS_PRIVATE_KEY + ".")
            .define(HTTP_TLS_PRIVATE_KEY, Type.STRING, "", Importance.HIGH,
                    "PEM file with the certificate's unencrypted PKCS#8 private key, RSA or EC (BEGIN PRIVATE KEY; "
                            + "a Kubernetes TLS Secret's tls.key); with " + HTTP_TLS_CERTIFICATE + ".")
            .define(HTTP_TLS_TRUST, Type.STRING, "", Importance.MEDIUM,
                    "PEM file of the certificates (a CA bundle) that a query forwarded to another instance trusts; "
                            + "empty = this instance's own certificate, enough when every instance has the same one.")
            .define(HTTP_RATE_LIMIT_PER_MINUTE, Type.INT, 1_200, Range.between(1, 1_000_000), Importance.MEDIUM,
                    "Requests a minute each principal may make to the routes behind the access file on this "
                            + "instance, in bursts of as many; more are answered 429. 1,200: a console refreshing "
                            + "every 5 s uses about 50.")
            .define(HTTP_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE, Type.INT, 30, Range.between(1, 1_000_000),
                    Importance.MEDIUM, "Requests a minute each remote address without a valid token may make to those "
                            + "routes, in bursts of as many; more are answered 429 before the access check and are not "
                            + "audited, so a flood cannot fill the read audit. Must not exceed "
                            + HTTP_RATE_LIMIT_PER_MINUTE + ". 30: a client that forgot its token learns it at once.")
            .define(METRICS_PORT, Type.INT, -1, Range.between(-1, 65_535), Importance.HIGH,
                    "Port of a second listener that serves only /metrics and /health/..., without a token, for "
                            + "Prometheus and the kubelet on the cluster's own network; -1 = none, and /metrics on "
                            + "stoppay.http.port then needs a token with the SCRAPER or ADMIN role; 0 picks a free one.")
            .define(METRICS_BIND_ADDRESS, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the metrics listener (stoppay.metrics.port) listens on.")
            .define(QUERY_FORWARD_TIMEOUT_MS, Type.LONG, 2_000L, Range.between(100, 60_000), Importance.LOW,
                    "How long a query forwarded to the instance that owns the key may take.")
            .define(ACCESS_FILE, Type.STRING, "", Importance.HIGH,
                    "YAML file of the principals who may use the HTTP API (queries, console, statistics, audit, "
                            + "list admin): per principal a name, the SHA-256 of its token, roles (OFFICER, ANALYST, "
                            + "ADMIN, SCRAPER) and regions or banks (README, Access). Read at start (an invalid file "
                            + "stops StopPay) and again within a second of every change. Empty = those routes answer 401.")
            .define(ROCKSDB_BLOCK_CACHE_BYTES, Type.LONG, 256 * MIB, Range.between(8 * MIB, 1024 * 1024 * MIB),
                    Importance.MEDIUM, "Off-heap memory of ALL state stores of this instance together: one block cache "
                            + "shared by every store, which the write buffers are charged to.")
            .define(ROCKSDB_WRITE_BUFFER_BYTES, Type.LONG, 64 * MIB, Range.between(1 * MIB, 1024 * 1024 * MIB),
                    Importance.MEDIUM, "Part of the block cache that memtables (write buffers) of all stores may use: "
                            + "a quarter for the restriction graph's, the rest for the decisions'; must be below stoppay.rocksdb.block.cache.bytes.")
            .define(METRICS_RESTRICTED_REFRESH_MS, Type.LONG, 30_000L, Range.between(1_000, DAY_MS), Importance.LOW,
                    "How often the restricted-subjects gauge is recounted from the restrictions store.")
            .define(METRICS_STORE_DETAIL, Type.BOOLEAN, false, Importance.LOW,
                    "Export Kafka Streams' per-store metrics (kafka_stream_state_*): about 75 series for every store, "
                            + "task and window segment, 8,348 of the 15,337 series of one 6-partition instance. Off, they "
                            + "are not exported: at Kafka's default recording level their latencies and rates are never "
                            + "recorded, and their RocksDB figures describe one shared block cache and write buffer budget "
                            + "store by store (stoppay_rocksdb_memory_used_bytes gives it once). On, for a RocksDB investigation.")
            .define(SHUTDOWN_TIMEOUT_MS, Type.LONG, 30_000L, Range.between(1_000, 600_000), Importance.LOW,
                    "On SIGTERM, how long to wait for in-flight work to commit and the stores to close.")
            .define(ORDERING_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Put backlogs in event-time order across partitions with watermarks (design note 12). Off (the "
                    + "default until its failover cost is closed), every payment is judged as it arrives.")
            .define(ORDERING_TOLERANCE_MS, Type.LONG, 1_000L, Range.between(10, 60_000), Importance.MEDIUM,
                    "Event-time order (design note 12): a payment is judged once every inflow of its account at least "
                    + "this much earlier has been recorded, and likewise for the payee's inflows. Must exceed twice "
                    + "the commit interval: watermarks travel through a repartition topic, one commit at a time.")
            .define(ORDERING_LATE_AFTER_MS, Type.LONG, 60_000L, Range.between(1_000, DAY_MS), Importance.LOW,
                    "A payment appended to the payments topic this much after its event time was published late "
                    + "(a feeder's backlog after an outage): it is put in order by when it was appended, waiting "
                    + "for every partition to pass its append time plus the tolerance.")
            .define(ORDERING_MAX_HOLD_MS, Type.LONG, 3_000L, Range.between(100, 600_000), Importance.LOW,
                    "The longest a payment waits for the inflows before it (a partition whose task is down or "
                    + "restoring holds everyone's watermark back); then it is judged on what is known, and "
                    + "stoppay_ordering_forced_total counts it.");

    private static final String HIDDEN = "[hidden]";
    /** Kafka client keys whose values are credentials: passwords, JAAS configs, keys, tokens. */
    private static final Pattern SECRET_NAME = Pattern.compile("password|jaas|secret|token|key$|\\.key\\.|credential",
            Pattern.CASE_INSENSITIVE);

    private final AbstractConfig values;
    private final Map<String, Object> kafka;
    private final boolean toleranceGiven;
    private final boolean maxPastAgeGiven;
    private final boolean channelRefreshGiven;

    private StopPayConfig(final Map<String, String> merged) {
        final TreeSet<String> unknown = new TreeSet<>();
        final Map<String, String> ours = new HashMap<>();
        final Map<String, Object> kafkaSettings = new HashMap<>();
        merged.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                kafkaSettings.put(key.substring(KAFKA_PREFIX.length()), value);
            } else if (DEFINITION.names().contains(key)) {
                ours.put(key, value);
            } else {
                unknown.add(key);
            }
        });
        final Optional<String> replaced = unknown.stream().filter(REPLACED_KEYS::containsKey).findFirst();
        if (replaced.isPresent()) {
            throw new ConfigException(replaced.get() + ": " + REPLACED_KEYS.get(replaced.get()));
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration key(s): " + String.join(", ", unknown));
        }
        this.values = parse(ours);
        // Before the values: a setting StopPay overrides is wrong whatever its value.
        final Optional<String> owned = kafkaSettings.keySet().stream().filter(OWNED_KAFKA_KEYS::containsKey).sorted()
                .findFirst();
        if (owned.isPresent()) {
            throw new ConfigException(KAFKA_PREFIX + owned.get() + ": set by StopPay, not here; "
                    + OWNED_KAFKA_KEYS.get(owned.get()));
        }
        kafkaSettings.keySet().stream().filter(key -> key.startsWith("stoppay.")).sorted().findFirst().ifPresent(key -> {
            throw new ConfigException(KAFKA_PREFIX + key + ": not a Kafka setting; StopPay's own settings are "
                    + "stoppay.*, without kafka. (" + key + ")");
        });
        KafkaSettingsCheck.checkValues(kafkaSettings);
        this.kafka = Map.copyOf(kafkaSettings);
        checkKafkaTimeouts();
        this.channelRefreshGiven = ours.containsKey(USAGE_CHANNEL_REFRESH_MS);
        if (channelRefreshGiven && values.getLong(USAGE_CHANNEL_REFRESH_MS) >= values.getLong(USAGE_CHANNEL_WINDOW_MS)) {
            throw new ConfigException(USAGE_CHANNEL_REFRESH_MS + " must be below " + USAGE_CHANNEL_WINDOW_MS
                    + ": a payer's use refreshed less often than the window would fall out of the count between uses");
        }
        if (values.getLong(ROCKSDB_WRITE_BUFFER_BYTES) >= values.getLong(ROCKSDB_BLOCK_CACHE_BYTES)) {
            throw new ConfigException(ROCKSDB_WRITE_BUFFER_BYTES + " must be below " + ROCKSDB_BLOCK_CACHE_BYTES
                    + ": the write buffers are charged to the block cache");
        }
        this.toleranceGiven = ours.containsKey(ORDERING_TOLERANCE_MS);
        this.maxPastAgeGiven = ours.containsKey(MAX_PAST_AGE_MS);
        if (maxPastAgeGiven && values.getLong(MAX_PAST_AGE_MS) > values.getLong(DEDUPE_WINDOW_MS)) {
            throw new ConfigException(MAX_PAST_AGE_MS + " must not exceed " + DEDUPE_WINDOW_MS
                    + ": a redelivered payment older than the dedupe window would be decided twice");
        }
        final long outcomeRetention = values.getLong(OUTCOME_RETENTION_MS);
        for (final String overdue : new String[] {OUTCOME_OVERDUE_MS, OUTCOME_WARNING_OVERDUE_MS}) {
            if (values.getLong(overdue) >= outcomeRetention) {
                throw new ConfigException(OUTCOME_RETENTION_MS + " must exceed " + overdue
                        + ": an alert or warning would be forgotten before it could be overdue");
            }
        }
        if (values.getInt(STATISTICS_RETENTION_DAYS) * DAY_MS <= outcomeRetention) {
            throw new ConfigException(STATISTICS_RETENTION_DAYS + " must exceed " + OUTCOME_RETENTION_MS
                    + ": an outcome that comes late would find the day of its alert or warning forgotten");
        }
        if (values.getInt(HTTP_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE) > values.getInt(HTTP_RATE_LIMIT_PER_MINUTE)) {
            throw new ConfigException(HTTP_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE + " must not exceed "
                    + HTTP_RATE_LIMIT_PER_MINUTE + ": a caller without a token would be allowed more than one with");
        }
        final int metricsPort = values.getInt(METRICS_PORT);
        if (metricsPort > 0 && metricsPort == values.getInt(HTTP_PORT)) {
            throw new ConfigException(METRICS_PORT + " must differ from " + HTTP_PORT
                    + ": the metrics listener is a second server of its own");
        }
        checkTlsKeysComeInOneForm(ours);
        if (toleranceGiven && values.getLong(ORDERING_TOLERANCE_MS) < 2 * values.getLong(COMMIT_INTERVAL_MS)) {
            throw new ConfigException(ORDERING_TOLERANCE_MS + " must be at least twice " + COMMIT_INTERVAL_MS
                    + ": watermarks reach the other tasks one commit later, so live payments would wait");
        }
    }

    /**
     * HTTPS needs a key in exactly one form: a PKCS#12 keystore with its password, or a PEM
     * certificate with its key. The files themselves are read when the instance starts
     * ({@code io.stoppay.api.tls.HttpTransport}); here only which keys are set is checked.
     */
    private static void checkTlsKeysComeInOneForm(final Map<String, String> ours) {
        final boolean keystore = given(ours, HTTP_TLS_KEYSTORE);
        final boolean pem = given(ours, HTTP_TLS_CERTIFICATE) || given(ours, HTTP_TLS_PRIVATE_KEY);
        if (keystore && pem) {
            throw new ConfigException(HTTP_TLS_KEYSTORE + " and " + HTTP_TLS_CERTIFICATE + "/" + HTTP_TLS_PRIVATE_KEY
                    + " are both set: give the HTTPS key in one form only");
        }
        requireBoth(ours, HTTP_TLS_KEYSTORE, HTTP_TLS_KEYSTORE_PASSWORD);
        requireBoth(ours, HTTP_TLS_CERTIFICATE, HTTP_TLS_PRIVATE_KEY);
        if (given(ours, HTTP_TLS_TRUST) && !keystore && !pem) {
            throw new ConfigException(HTTP_TLS_TRUST + " is set but HTTPS is not: forwarding speaks HTTPS only "
                    + "when this instance does (set " + HTTP_TLS_KEYSTORE + " or " + HTTP_TLS_CERTIFICATE + ")");
        }
    }

    /** Either both keys are set or neither: the error names the one missing. */
    private static void requireBoth(final Map<String, String> ours, final String first, final String second) {
        if (given(ours, first) != given(ours, second)) {
            final String missing = given(ours, first) ? second : first;
            final String present = given(ours, first) ? first : second;
            throw new ConfigException(missing + ": required with " + present);
        }
    }

    private static boolean given(final Map<String, String> ours, final String key) {
        return ours.get(key) != null && !ours.get(key).isBlank();
    }

    private static AbstractConfig parse(final Map<String, String> ours) {
        try {
            return new AbstractConfig(DEFINITION, ours, false);
        } catch (final ConfigException e) {
            // A value may carry a line break; the error must stay one line.
            throw new ConfigException(e.getMessage().replaceAll("\\R", " "));
        }
    }

    /** Defaults, overridden by {@code file} (may be empty), overridden by {@code environment}. */
    public static StopPayConfig load(final Properties file, final Map<String, String> environment) {
        final Map<String, String> merged = new HashMap<>();
        file.stringPropertyNames().forEach(name -> merged.put(name.trim(), file.getProperty(name).trim()));
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                final String key = name.toLowerCase(Locale.ROOT).replace('_', '.');
                // STOPPAY_KAFKA_X sets kafka.x: the STOPPAY_ prefix only marks the variable as ours.
                merged.put(key.startsWith(OURS_PREFIX + KAFKA_PREFIX) ? key.substring(OURS_PREFIX.length()) : key,
                        value);
            }
        });
        return new StopPayConfig(merged);
    }

    /** Defaults plus the given overrides: for tests and the demo. */
    public static StopPayConfig of(final Map<String, String> overrides) {
        return new StopPayConfig(Map.copyOf(overrides));
    }

    public String applicationId() {
        return values.getString(APPLICATION_ID);
    }

    /** Kafka client settings with the {@code kafka.} prefix removed. */
    public Map<String, Object> kafka() {
        return kafka;
    }

    /**
     * The operator's value of the producers' Kafka {@code setting}, as Kafka Streams reads it:
     * {@code kafka.producer.<setting>} before {@code kafka.<setting>}; empty when neither is given.
     */
    public Optional<String> kafkaForProducers(final String setting) {
        return firstGiven(StreamsConfig.producerPrefix(setting), setting);
    }

    /**
     * The operator's value of the main consumer's Kafka {@code setting}, as Kafka Streams reads it:
     * {@code kafka.main.consumer.<setting>}, then {@code kafka.consumer.<setting>}, then
     * {@code kafka.<setting>}; the restore and global consumers' own settings do not count.
     */
    public Optional<String> kafkaForMainConsumer(final String setting) {
        return firstGiven(StreamsConfig.mainConsumerPrefix(setting), StreamsConfig.consumerPrefix(setting), setting);
    }

    private Optional<String> firstGiven(final String... forms) {
        for (final String form : forms) {
            if (kafka.containsKey(form)) {
                return Optional.of(String.valueOf(kafka.get(form)).trim());
            }
        }
        return Optional.empty();
    }

    /**
     * Timeouts that Kafka would refuse, or that would fail quietly, only once the clients start:
     * a transaction shorter than a commit (Kafka Streams throws after the topics are created), and a
     * heartbeat given without a session timeout that is not below StopPay's session default (no
     * client checks it; the member would be expelled between heartbeats).
     */
    private void checkKafkaTimeouts() {
        final long commitInterval = values.getLong(COMMIT_INTERVAL_MS);
        kafkaForProducers(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG).map(Long::parseLong)
                .filter(timeout -> timeout < commitInterval).ifPresent(timeout -> {
                    throw new ConfigException(KAFKA_PREFIX + "(producer.)" + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG
                            + " must be at least " + COMMIT_INTERVAL_MS + " (" + commitInterval
                            + "): Kafka Streams refuses a transaction shorter than a commit");
                });
        if (kafkaForMainConsumer(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG).isEmpty()) {
            kafkaForMainConsumer(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG).map(Long::parseLong)
                    .filter(heartbeat -> heartbeat >= DEFAULT_SESSION_TIMEOUT_MS).ifPresent(heartbeat -> {
                        throw new ConfigException(KAFKA_PREFIX + ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG
                                + " must be below the session timeout, " + DEFAULT_SESSION_TIMEOUT_MS
                                + " ms unless kafka." + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG + " is given");
                    });
        }
    }

    /**
     * Checks that the files the {@code kafka.*} settings name (keystores, truststores) can be read,
     * as the first Kafka client would at start.
     *
     * @throws ConfigException naming the key, not its path
     */
    public void checkKafkaFiles() {
        KafkaSettingsCheck.checkFiles(kafka);
    }

    public String string(final String key) {
        return values.getString(key);
    }

    public long longValue(final String key) {
        return values.getLong(key);
    }

    public int intValue(final String key) {
        return values.getInt(key);
    }

    public boolean bool(final String key) {
        return values.getBoolean(key);
    }

    public Duration duration(final String key) {
        return Duration.ofMillis(values.getLong(key));
    }

    /** The password of {@link #HTTP_TLS_KEYSTORE}, if one is configured; never logged. */
    public Optional<char[]> keystorePassword() {
        final Password password = values.getPassword(HTTP_TLS_KEYSTORE_PASSWORD);
        return password == null ? Optional.empty() : Optional.of(password.value().toCharArray());
    }

    /**
     * Every effective setting as {@code key=value}, sorted, for the start-up log: our passwords
     * and every {@code kafka.*} value that may be a credential are shown as {@code [hidden]}.
     */
    public String describe() {
        final TreeMap<String, String> shown = new TreeMap<>();
        DEFINITION.configKeys().forEach((name, key) -> shown.put(name,
                key.type == Type.PASSWORD && values.values().get(name) != null ? HIDDEN
                        : String.valueOf(values.values().get(name))));
        kafka.forEach((name, value) -> shown.put(KAFKA_PREFIX + name,
                SECRET_NAME.matcher(name).find() ? HIDDEN : String.valueOf(value)));
        // The values in force where an unset one follows from others, not the defaults they replace.
        shown.put(ORDERING_TOLERANCE_MS, String.valueOf(orderingToleranceMs()));
        shown.put(USAGE_CHANNEL_REFRESH_MS, String.valueOf(channelRefresh().toMillis()));
        shown.put(MAX_PAST_AGE_MS, String.valueOf(maxPastAge().toMillis()));
        final StringBuilder text = new StringBuilder();
        shown.forEach((name, value) -> text.append(text.length() == 0 ? "" : " ").append(name).append('=').append(value));
        return text.toString();
    }

    /**
     * The event-time ordering tolerance in millis: as configured, or by default the larger of
     * {@link #ORDERING_TOLERANCE_MS}'s default and twice the commit interval.
     */
    public long orderingToleranceMs() {
        final long configured = values.getLong(ORDERING_TOLERANCE_MS);
        return toleranceGiven ? configured : Math.max(configured, 2 * values.getLong(COMMIT_INTERVAL_MS));
    }

    /**
     * How often a payer's use of a device or IP is counted again: as configured, or by default an
     * hour, but never more than a 24th of the channel window (a shorter window is asked to be exact).
     */
    public Duration channelRefresh() {
        return Duration.ofMillis(channelRefreshGiven ? values.getLong(USAGE_CHANNEL_REFRESH_MS)
                : Math.min(values.getLong(USAGE_CHANNEL_REFRESH_MS), values.getLong(USAGE_CHANNEL_WINDOW_MS) / 24));
    }

    /**
     * How far behind its Kafka timestamp a payment's eventTime may be: as configured, or by
     * default the behaviour retention (older payments could not be judged on their behaviour),
     * but never beyond the dedupe window (an older redelivery would be decided twice).
     */
    public Duration maxPastAge() {
        return Duration.ofMillis(maxPastAgeGiven ? values.getLong(MAX_PAST_AGE_MS)
                : Math.min(values.getLong(BEHAVIOUR_RETENTION_MS), values.getLong(DEDUPE_WINDOW_MS)));
    }

    public ZoneId zone() {
        return ZoneId.of(values.getString(ZONE));
    }

    public Currency limitCurrency() {
        return Currency.getInstance(values.getString(LIMIT_CURRENCY));
    }

    /** A validator that accepts what {@code parser} accepts, and otherwise names what was expected. */
    private static ConfigDef.Validator parsedBy(final Consumer<String> parser, final String expected) {
        return (name, value) -> {
            try {
                parser.accept((String) value);
            } catch (final RuntimeException e) {
                throw new ConfigException(name, value, "not " + expected);
            }
        };
    }
}
