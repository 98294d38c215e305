package io.stoppay.loadtest.generator;

import io.stoppay.cli.DurationConverter;
import io.stoppay.schemas.AvroSerde;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import stoppay.v1.AccountProfile;
import stoppay.v1.Linkage;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskListEntry;

/**
 * Sends generated traffic to a real broker: first the reference data (account profiles, list
 * entries, linkages; flushed), then labelled payments, evenly paced at {@code --rate} for
 * {@code --duration}, each with the wall-clock time it is made as event time and record
 * timestamp, its label written to {@code --labels} as it goes. A bad option is one line on
 * stderr and exit code 2; a failed send ends the run with exit code 1.
 *
 * <p>Producer: {@code acks=all} and idempotence (no payment lost or doubled by a retry),
 * {@code linger.ms=5} and {@code batch.size=64k} (batches fill at thousands a second, one
 * payment waits at most 5 ms), and no compression: a payment is ~300 bytes, the broker is
 * usually on the same host or network, and what a load test runs short of is CPU, which lz4
 * would spend in the generator, the broker's validation and StopPay's consumer.
 */
@Command(name = "generate-traffic", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publishes StopPay reference data, then labelled payments at a fixed rate.")
public final class GenerateTraffic implements Callable<Integer> {

    static final String PAYMENTS = "payments.transactions.v1";
    static final String ACCOUNTS = "risk.accounts.v1";
    static final String LISTS = "risk.lists.v1";
    static final String LINKAGES = "risk.linkages.v1";
    private static final int USAGE_ERROR = 2;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final AvroSerde<PaymentTransaction> PAYMENT_SERDE = AvroSerde.of(PaymentTransaction.class);
    private static final AvroSerde<AccountProfile> PROFILE_SERDE = AvroSerde.of(AccountProfile.class);
    private static final AvroSerde<RiskListEntry> ENTRY_SERDE = AvroSerde.of(RiskListEntry.class);
    private static final AvroSerde<Linkage> LINKAGE_SERDE = AvroSerde.of(Linkage.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers.")
    private String bootstrapServers;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "N",
            description = "Payments per second, evenly paced; 0 = as fast as possible (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "D",
            description = "How long to send payments, e.g. 45s, 10m (default ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--accounts", defaultValue = "100000", paramLabel = "N",
            description = "Accounts in the population (default ${DEFAULT-VALUE}).")
    private int accounts;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--mix", converter = MixConverter.class, paramLabel = "SCENARIO=SHARE,...",
            description = "Share of each scenario, e.g. ordinary=0.95,mule_fan_in=0.05 (default: 5% fraud, all scenarios).")
    private TrafficMix mix = TrafficMix.defaults();

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "The label side file (CSV) to write.")
    private Path labels;

    @Option(names = "--run-id", required = true, paramLabel = "ID",
            description = "Prefix of every txnId, unique per run: 1-40 of A-Z a-z 0-9 . _ -")
    private String runId;

    @Option(names = {"-X", "--producer-property"}, paramLabel = "KEY=VALUE",
            description = "Extra producer setting, e.g. security.protocol=SSL; may be repeated.")
    private Map<String, String> producerProperties = Map.of();

    public static void main(final String[] args) {
        System.exit(execute(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args));
    }

    /** Runs the command line and returns the exit code, without exiting. */
    static int execute(final PrintWriter out, final PrintWriter err, final String... args) {
        final CommandLine cli = new CommandLine(new GenerateTraffic()).setOut(out).setErr(err);
        cli.setParameterExceptionHandler((error, arguments) -> {
            error.getCommandLine().getErr().println(oneLine(error.getMessage()) + " (see --help)");
            return USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            commandLine.getErr().println(oneLine(error.toString()));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (rate < 0) {
            throw new ParameterException(spec.commandLine(), "--rate must be >= 0, was " + rate);
        }
        final Population population;
        final TrafficGenerator generator;
        try {
            population = new Population(seed, accounts, Instant.now());
            generator = new TrafficGenerator(population, mix, runId);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        final PrintWriter out = spec.commandLine().getOut();
        final SendErrors errors = new SendErrors();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings());
             LabelFile.Writer labelFile = LabelFile.create(labels)) {
            publishReferenceData(producer, population, errors, out);
            final Map<Scenario, Long> sent = sendPayments(producer, generator, labelFile, errors);
            final long total = sent.values().stream().mapToLong(Long::longValue).sum();
            out.printf(Locale.ROOT, "sent %d payments to %s; labels in %s; %s; outsiders minted: %s%n", total,
                    PAYMENTS, labels, sent.entrySet().stream().map(e -> e.getKey().key() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")), generator.outsidersMinted());
        }
        return 0;
    }

    private void publishReferenceData(final KafkaProducer<String, byte[]> producer, final Population population,
                                      final SendErrors errors, final PrintWriter out) {
        final long now = System.currentTimeMillis();
        population.profiles().forEach(profile -> producer.send(new ProducerRecord<>(ACCOUNTS, null, now,
                profile.getAccountId(), PROFILE_SERDE.encode(profile)), errors));
        final List<Population.Listing> entries = population.listings();
        entries.forEach(listing -> producer.send(new ProducerRecord<>(LISTS, null, now, listing.key(),
                ENTRY_SERDE.encode(listing.entry())), errors));
        final List<Linkage> links = population.linkages();
        links.forEach(link -> producer.send(new ProducerRecord<>(LINKAGES, null, now, Population.key(link),
                LINKAGE_SERDE.encode(link)), errors));
        producer.flush();
        errors.check();
        out.printf(Locale.ROOT, "published %d account profiles, %d list entries, %d linkages%n",
                population.accounts(), entries.size(), links.size());
    }

    private Map<Scenario, Long> sendPayments(final KafkaProducer<String, byte[]> producer,
                                             final TrafficGenerator generator, final LabelFile.Writer labelFile,
                                             final SendErrors errors) {
        final Map<Scenario, Long> sent = new EnumMap<>(Scenario.class);
        final long start = System.nanoTime();
        final long end = start + duration.toNanos();
        Instant last = Instant.EPOCH;
        for (long n = 0; ; n++) {
            final long due = rate == 0 ? System.nanoTime() : start + (long) ((double) n * NANOS_PER_SECOND / rate);
            if (due >= end) {
                break;
            }
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            // The wall clock may step back (NTP); event time must not.
            final Instant now = Instant.now();
            last = now.isAfter(last) ? now : last;
            final LabelledPayment payment = generator.next(last);
            producer.send(new ProducerRecord<>(PAYMENTS, null, last.toEpochMilli(), payment.key(),
                    PAYMENT_SERDE.encode(payment.payment())), errors);
            labelFile.write(payment.label());
            sent.merge(payment.label().scenario(), 1L, Long::sum);
            errors.check();
        }
        producer.flush();
        labelFile.flush();
        errors.check();
        return sent;
    }

    private Properties producerSettings() {
        final Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "stoppay-generator-" + runId);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        settings.putAll(producerProperties);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return settings;
    }

    private static String oneLine(final String message) {
        return "generate-traffic: " + String.valueOf(message).replaceAll("\\R", " ");
    }

    /** Reads {@code --mix}; a bad mix is a usage error naming what is wrong. */
    static final class MixConverter implements CommandLine.ITypeConverter<TrafficMix> {
        @Override
        public TrafficMix convert(final String text) {
            try {
                return TrafficMix.parse(text);
            } catch (final IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Remembers the first failed send, so the run stops on it instead of losing payments silently. */
    private static final class SendErrors implements Callback {

        private final AtomicReference<Exception> first = new AtomicReference<>();
        private final AtomicLong failed = new AtomicLong();

        @Override
        public void onCompletion(final RecordMetadata metadata, final Exception exception) {
            if (exception != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, exception);
            }
        }

        void check() {
            final Exception error = first.get();
            if (error != null) {
                throw new IllegalStateException(failed.get() + " send(s) failed, the first: " + error, error);
            }
        }
    }
}
