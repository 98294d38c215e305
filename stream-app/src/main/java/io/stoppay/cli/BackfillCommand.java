package io.stoppay.cli;

import io.stoppay.backfill.Backfill;
import io.stoppay.backfill.BackfillCounts;
import io.stoppay.backfill.HistoryPublisher;
import io.stoppay.backfill.HistorySource;
import io.stoppay.backfill.HistoryTopic;
import io.stoppay.backfill.JsonLinesFile;
import io.stoppay.backfill.Pace;
import io.stoppay.backfill.ProgressLog;
import io.stoppay.backfill.RejectionLog;
import io.stoppay.config.StopPayConfig;
import io.stoppay.rules.Durations;
import io.stoppay.topology.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stoppay backfill --from FILE|-|topic:NAME [--since 90d]}: loads the bank's past payments
 * into StopPay's behaviour state through the payment history topic, where StopPay records them and
 * never decides them (README, "Backfill: history at start"). Records are checked as StopPay checks
 * them; a rejected one is one line on stderr ({@link RejectionLog}) and the run goes on; a progress
 * line comes every 5 s of a long run, the summary on stdout at the end.
 *
 * <p>Exit codes: 0 when every record was published or skipped as older than {@code --since}; 3
 * when the run completed but rejected some; 2 for a wrong flag, a missing source, or a history
 * topic that is missing or partitioned unlike the payments topic (nothing is written then); 1 for an
 * unexpected failure (the cluster, a disk). Running it again is harmless: StopPay counts a txnId it
 * has seen within the dedupe window once.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Load past payments into behaviour state (known payees, daily totals, flows, last activity, "
                + "device/IP usage) via the payment history topic; they are never decided, alerted or reported. "
                + "Exit 0 all loaded, 3 some records rejected, 2 usage error, 1 failure.")
final class BackfillCommand implements Callable<Integer> {

    static final int SOME_REJECTED = 3;
    private static final String TOPIC_PREFIX = "topic:";

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterConfig cluster;

    @Option(names = "--from", required = true, paramLabel = "FILE|-|topic:NAME",
            description = "JSON Lines file (one payment a line, '-' for stdin), or topic:NAME, a topic of Avro "
                    + "PaymentTransaction records read from the start to its end when the run starts.")
    private String from;

    @Option(names = "--since", defaultValue = "90d", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Skip payments older than this before now, e.g. 90d, 180d, 36h (default: ${DEFAULT-VALUE}).")
    private Duration since;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "PER_SECOND",
            description = "Publish at most this many past payments per second, so that a backfill beside live traffic "
                    + "stays below StopPay's spare capacity (history goes ahead of live payments in a task); "
                    + "0 = as fast as possible (default), for a backfill before going live.")
    private int rate;

    @Override
    public Integer call() throws Exception {
        // Wrong flags and a missing file are told before the cluster is asked anything.
        final Pace pace = pace();
        requireSinceAfterEpoch();
        final String topicName = topicName();
        try (HistorySource file = topicName == null ? openFile() : null) {
            final StopPayConfig config = cluster.load();
            final Topics topics = Topics.from(config);
            // Reading the history topic into itself would double it.
            if (topics.paymentHistory().name().equals(topicName)) {
                throw new StopPayCli.UsageException("--from " + from + " is the topic the backfill writes to; name "
                        + "the topic the past payments are on");
            }
            try (Admin admin = Admin.create(config.kafka())) {
                HistoryTopicCheck.require(admin, topics);
            }
            try (HistorySource topic = topicName == null ? null : openTopic(config, topicName);
                 HistoryPublisher publisher = HistoryPublisher.connect(config.kafka(), topics.paymentHistory().name())) {
                return run(config, topicName == null ? file : topic, publisher, pace, topics.paymentHistory().name());
            }
        }
    }

    private int run(final StopPayConfig config, final HistorySource source, final HistoryPublisher publisher,
                    final Pace pace, final String historyTopic) {
        final PrintWriter err = spec.commandLine().getErr();
        final ProgressLog progress = new ProgressLog(err, System::nanoTime, Durations.exact(since));
        final BackfillCounts counts = new Backfill(config.duration(StopPayConfig.MAX_FUTURE_SKEW_MS), since,
                Clock.systemUTC(), publisher, new RejectionLog(err), progress, pace).run(source);
        if (counts.read() == 0) {
            // An empty export is a failed export more often than an empty past; and with nothing
            // read, "backfill done" on the standard output would contradict the error.
            throw new StopPayCli.UsageException("--from " + from + " holds no payments; nothing was written");
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.println("backfill done: " + progress.summary(counts) + "; written to " + historyTopic);
        out.flush();
        return counts.rejected() > 0 ? SOME_REJECTED : 0;
    }

    private Pace pace() {
        try {
            return new Pace(rate, System::nanoTime, Pace.Sleeper.SYSTEM);
        } catch (final IllegalArgumentException e) {
            throw new StopPayCli.UsageException(e.getMessage());
        }
    }

    /** A --since beyond what an instant can count back to is a typo, not a wish for all of history. */
    private void requireSinceAfterEpoch() {
        try {
            Instant.now().minus(since);
        } catch (final ArithmeticException | DateTimeException e) {
            throw new StopPayCli.UsageException("--since " + since.toDays() + " days reaches before any payment; "
                    + "give e.g. 90d, 180d or 3650d");
        }
    }

    private HistorySource openFile() {
        if (from.equals("-")) {
            return JsonLinesFile.of(System.in, -1);
        }
        try {
            return JsonLinesFile.open(Path.of(from));
        } catch (final IllegalArgumentException e) {
            throw new StopPayCli.UsageException("--from " + e.getMessage() + " (for a topic, write topic:NAME)");
        }
    }

    /** The topic of {@code --from topic:NAME}; null for a file. */
    private String topicName() {
        if (!from.startsWith(TOPIC_PREFIX)) {
            return null;
        }
        final String name = from.substring(TOPIC_PREFIX.length()).trim();
        if (name.isEmpty()) {
            throw new StopPayCli.UsageException("--from topic: names no topic (write topic:NAME)");
        }
        return name;
    }

    private static HistorySource openTopic(final StopPayConfig config, final String name) {
        try {
            return HistoryTopic.open(config.kafka(), name);
        } catch (final IllegalArgumentException e) {
            throw new StopPayCli.UsageException("--from " + e.getMessage() + " (for a file, give its path)");
        }
    }
}
