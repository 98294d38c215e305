package io.stoppay.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Settings of one {@link HopLatency} invocation.
 *
 * @param rate             payments per second, paced evenly
 * @param warmup           how long payments are sent (and not measured) before the measured window
 * @param duration         the measured window
 * @param commitIntervals  commit.interval.ms values to measure, one run of each per repeat
 * @param baseline         also run the pass-through Kafka Streams app at each commit interval
 * @param repeats          how many times to run every configuration
 * @param accounts         size of the account pool payers and payees are drawn from
 * @param payeesPerPayer   each payer pays one of this many regular payees (0: any account)
 * @param partitions       partitions of every topic
 * @param drain            how long to wait, after the last send, for outstanding decisions
 * @param seed             seed of the payment generator
 */
public record HopOptions(
        int rate,
        Duration warmup,
        Duration duration,
        List<Long> commitIntervals,
        boolean baseline,
        int repeats,
        int accounts,
        int payeesPerPayer,
        int partitions,
        Duration drain,
        long seed) {

    public static final String USAGE = """
            HopLatency: latency of each hop of StopPay's decision path under exactly_once_v2, against a pass-through app.
              --rate N                 payments per second (default 500)
              --warmup D               unmeasured sending before each measured window (default 10s)
              --duration D             measured window per run (default 30s)
              --commit-intervals A,B   commit.interval.ms values (default 100,30)
              --no-baseline            skip the pass-through runs
              --repeats N              run every configuration N times (default 1)
              --accounts N             account pool size (default 10000)
              --payees-per-payer N     each payer pays one of N regular payees; 0 = any account (default 2)
              --partitions N           partitions per topic (default 6)
              --drain D                wait at most this long for outstanding decisions (default 20s)
              --seed N                 generator seed (default 42)
            D is a duration such as 500ms, 10s, 2m (a bare number is seconds).""";

    public HopOptions {
        if (rate <= 0 || repeats <= 0 || accounts < 2 || payeesPerPayer < 0 || partitions <= 0
                || commitIntervals.isEmpty()) {
            throw new IllegalArgumentException("rate, repeats, partitions must be > 0, accounts >= 2, "
                    + "payees-per-payer >= 0, and at least one commit interval is needed");
        }
        commitIntervals = List.copyOf(commitIntervals);
    }

    public static HopOptions defaults() {
        return new HopOptions(500, Duration.ofSeconds(10), Duration.ofSeconds(30), List.of(100L, 30L), true, 1,
                10_000, 2, 6, Duration.ofSeconds(20), 42);
    }

    public static HopOptions parse(final String... args) {
        HopOptions o = defaults();
        int rate = o.rate;
        Duration warmup = o.warmup;
        Duration duration = o.duration;
        List<Long> intervals = o.commitIntervals;
        boolean baseline = o.baseline;
        int repeats = o.repeats;
        int accounts = o.accounts;
        int payeesPerPayer = o.payeesPerPayer;
        int partitions = o.partitions;
        Duration drain = o.drain;
        long seed = o.seed;
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (arg.equals("--no-baseline")) {
                baseline = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + arg + "\n" + USAGE);
            }
            final String value = args[++i];
            switch (arg) {
                case "--rate" -> rate = Integer.parseInt(value);
                case "--warmup" -> warmup = duration(value);
                case "--duration" -> duration = duration(value);
                case "--commit-intervals" -> {
                    final List<Long> parsed = new ArrayList<>();
                    Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                            .forEach(s -> parsed.add(Long.parseLong(s)));
                    intervals = parsed;
                }
                case "--repeats" -> repeats = Integer.parseInt(value);
                case "--accounts" -> accounts = Integer.parseInt(value);
                case "--payees-per-payer" -> payeesPerPayer = Integer.parseInt(value);
                case "--partitions" -> partitions = Integer.parseInt(value);
                case "--drain" -> drain = duration(value);
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        return new HopOptions(rate, warmup, duration, intervals, baseline, repeats, accounts, payeesPerPayer,
                partitions, drain, seed);
    }

    static Duration duration(final String text) {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    }

    /** One line for the report. */
    public String describe() {
        return String.format(Locale.ROOT,
                "rate %d/s, warm-up %ss, measured %ss per run, commit.interval.ms %s, %d repeat(s), "
                        + "%d accounts (%s payees per payer), %d partitions, seed %d",
                rate, warmup.toMillis() / 1000.0, duration.toMillis() / 1000.0, commitIntervals, repeats, accounts,
                payeesPerPayer == 0 ? "any" : Integer.toString(payeesPerPayer), partitions, seed);
    }
}
