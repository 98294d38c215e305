package io.stoppay.loadtest;

import io.stoppay.loadtest.bench.JavaProcess;
import io.stoppay.topology.InterceptionTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;

/**
 * Gives a StopPay run its history before its traffic ({@code --backfill-days}): the workload's
 * ordinary payments of the days before now, published to StopPay's history topic, then a wait
 * until StopPay has recorded every one. Recorded means its consumer group (the application id) has
 * committed the history topic to its end, and the internal topics the history goes on through
 * (to the payee's task, to the channel counts, and re-routed ones) as well: only then are the
 * payee's inflows and the device counts in state too, not just the payer's side.
 */
final class Backfill {

    /** A StopPay that records none of what is left for this long is stuck, not slow. */
    private static final Duration STALL = Duration.ofMinutes(3);
    /** Slower than this on average is a failure to report, however steady. */
    private static final long SLOWEST_PER_SECOND = 100;
    private static final Duration LEAST_WAIT = Duration.ofMinutes(5);
    private static final long PROGRESS_EVERY_MS = 15_000;

    private final Admin admin;
    private final Producer<String, byte[]> producer;
    private final Workload workload;

    Backfill(final Admin admin, final Producer<String, byte[]> producer, final Workload workload) {
        this.admin = admin;
        this.producer = producer;
        this.workload = workload;
    }

    /**
     * Publishes {@code days} days of history ending now and waits until {@code app} (application id
     * {@code appId}) has recorded it all.
     *
     * @throws IllegalStateException when it records nothing for 3 minutes, or takes longer than 5
     *                               minutes plus a second per {@value #SLOWEST_PER_SECOND} payments
     */
    RunResult.Backfill load(final String appId, final int days, final JavaProcess app) throws Exception {
        final long start = System.nanoTime();
        final Instant end = Instant.now();
        final long[] payments = {0};
        workload.history(days, end, appId).forEach(record -> {
            producer.send(record);
            payments[0]++;
        });
        producer.flush();
        final long published = System.nanoTime();
        System.out.printf("history: %,d past payments of %d days before %s published in %.1f s%n", payments[0], days,
                end, seconds(start, published));
        awaitRecorded(appId, payments[0], app);
        final long recorded = System.nanoTime();
        final double recordSeconds = seconds(published, recorded);
        System.out.printf(Locale.ROOT, "history recorded by %s in %.1f s (%.0f payments/s)%n", app.name(),
                recordSeconds, payments[0] / Math.max(0.001, recordSeconds));
        return new RunResult.Backfill(days, payments[0], seconds(start, published), recordSeconds);
    }

    private void awaitRecorded(final String appId, final long payments, final JavaProcess app) throws Exception {
        final List<String> history = List.of(workload.historyTopic());
        final List<String> onward = List.of(internal(appId, InterceptionTopology.PAST_PAYMENTS_REROUTED),
                internal(appId, InterceptionTopology.PAST_PAYMENTS_BY_PAYEE),
                internal(appId, InterceptionTopology.PAYMENTS_BY_CHANNEL));
        final long wait = LEAST_WAIT.toNanos() + TimeUnit.SECONDS.toNanos(payments / SLOWEST_PER_SECOND);
        final long deadline = System.nanoTime() + wait;
        long lastProgress = System.nanoTime();
        long lastReport = System.currentTimeMillis();
        long unread = Long.MAX_VALUE;
        long inFlight = Long.MAX_VALUE;
        while (true) {
            // The history first: what its commit passed on is then in the onward topics' ends.
            final long nowUnread = TopicLog.behind(admin, appId, history);
            final long nowInFlight = TopicLog.behind(admin, appId, onward);
            if (nowUnread == 0 && nowInFlight == 0) {
                return;
            }
            if (nowUnread < unread || nowInFlight < inFlight) {
                lastProgress = System.nanoTime();
            }
            unread = nowUnread;
            inFlight = nowInFlight;
            app.requireAlive();
            if (System.nanoTime() > deadline || System.nanoTime() - lastProgress > STALL.toNanos()) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s had not recorded its history of %,d "
                        + "payments %s: %,d not read, %,d records on their way to payees' tasks and channel counts "
                        + "(%s); see %s", app.name(), payments, System.nanoTime() > deadline ? "within "
                        + Duration.ofNanos(wait).toSeconds() + " s" : "and recorded none for " + STALL.toMinutes()
                        + " min", unread, inFlight, onward, app.log()));
            }
            if (System.currentTimeMillis() - lastReport >= PROGRESS_EVERY_MS) {
                System.out.printf("history: %,d of %,d past payments read, %,d records on their way to payees' tasks "
                        + "and channel counts%n", payments - unread, payments, inFlight);
                lastReport = System.currentTimeMillis();
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /** The name of the internal (repartition) topic {@code name} of application {@code appId}. */
    private static String internal(final String appId, final String name) {
        return appId + "-" + name + "-repartition";
    }

    private static double seconds(final long fromNanos, final long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
