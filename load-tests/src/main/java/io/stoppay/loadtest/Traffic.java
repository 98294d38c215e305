package io.stoppay.loadtest;

import io.stoppay.loadtest.bench.JavaProcess;
import io.stoppay.loadtest.generator.PaymentLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;

/**
 * Sends a workload's payments at a fixed rate, evenly paced, or in max-rate mode (rate 0) as fast
 * as the app decides them, and keeps each measured payment's broker append time and label; samples
 * progress and the app's memory once a second.
 *
 * <p>Max-rate mode keeps at most {@link #MAX_BACKLOG} payments sent but not yet decided: enough that
 * the app never waits for input, few enough that the generator (which shares the machine) does not
 * spend the app's CPU producing a backlog nobody will read within the run.
 */
final class Traffic {

    private static final long SAMPLE_EVERY_MS = 1_000;
    static final long MAX_BACKLOG = 20_000;

    private final Producer<String, byte[]> producer;
    private final Workload workload;
    private final int rate;
    private final LongSupplier outputsSeen;
    private final long maxBacklog;
    private long sent;

    /** {@code outputsSeen}: how many outputs of this run's payments (warm-up included) have come back. */
    Traffic(final Producer<String, byte[]> producer, final Workload workload, final int rate,
            final LongSupplier outputsSeen) {
        this(producer, workload, rate, outputsSeen, MAX_BACKLOG);
    }

    /** As above, keeping at most {@code maxBacklog} undecided in max-rate mode instead of {@link #MAX_BACKLOG}. */
    Traffic(final Producer<String, byte[]> producer, final Workload workload, final int rate,
            final LongSupplier outputsSeen, final long maxBacklog) {
        this.producer = producer;
        this.workload = workload;
        this.rate = rate;
        this.outputsSeen = outputsSeen;
        this.maxBacklog = maxBacklog;
    }

    /** What a measured window sent, and what the sampler saw during it. */
    record Measured(Map<String, Long> appendTimes, Map<String, PaymentLabel> labels, long startMs, long endMs,
                    List<Sample> samples) {
    }

    /**
     * One sample: when, payments acknowledged and measured outputs seen so far, the app's RSS and
     * heap, and the CPU time its process has used (ms, every thread; -1 when it cannot be read).
     */
    record Sample(long atMs, long acknowledged, long outputs, long rssBytes, long heapBytes, long cpuMillis) {
    }

    /**
     * Sends unmeasured traffic until the app produces output, {@code warmup} has passed and the app
     * has caught up: at most half a second of payments sent but not yet decided. A JVM that is
     * still compiling, on a machine shared with the broker, can end a short warm-up seconds
     * behind, and a measured window that starts by draining that backlog measures the warm-up,
     * not the app. Catching up may take another {@code warmup} at most; an app that cannot keep up
     * at this rate is then measured as it is.
     *
     * <p>In max-rate mode the warm-up is run as the measured window is, as fast as the app decides
     * with at most {@code maxBacklog} undecided, and there is nothing to catch up: a warm-up paced
     * at a guessed rate could end further behind than the measured window may send, and the window
     * then measured nothing (one payment in 30 s, on 2026-12-01, after a warm-up 28,982 behind).
     *
     * @return the payments still undecided when the warm-up ended (0 or a few when caught up; up to
     *         {@code maxBacklog} in max-rate mode)
     */
    long warmUp(final Duration warmup, final Duration timeout, final BooleanSupplier flowing, final JavaProcess app) {
        final long start = System.nanoTime();
        final long until = start + warmup.toNanos();
        final long catchUpUntil = rate == 0 ? until : until + warmup.toNanos();
        final long deadline = start + timeout.toNanos();
        final long caughtUp = Math.max(1, rate / 2);
        final Pacer pacer = rate == 0 ? null : new Pacer(rate);
        while (System.nanoTime() < until || !flowing.getAsBoolean()
                || sent - outputsSeen.getAsLong() > caughtUp && System.nanoTime() < catchUpUntil) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(app.name() + " produced no output within " + timeout + "; see " + app.log());
            }
            app.requireAlive();
            if (pacer != null) {
                pacer.await();
            } else if (backlogFull()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            producer.send(workload.next(Instant.now()).record());
            sent++;
        }
        producer.flush();
        return Math.max(0, sent - outputsSeen.getAsLong());
    }

    /** Sends measured traffic for {@code duration}, sampling once a second. */
    Measured measure(final Duration duration, final JavaProcess app, final LongSupplier heap,
                     final AppendTimeRecorder outputs) {
        final Map<String, Long> appendTimes = new ConcurrentHashMap<>();
        final Map<String, PaymentLabel> labels = new ConcurrentHashMap<>();
        final AtomicLong acknowledged = new AtomicLong();
        final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> samples.add(new Sample(System.currentTimeMillis(), acknowledged.get(),
                        outputs.countOf(appendTimes.keySet()), app.residentBytes().orElse(-1), heap.getAsLong(),
                        app.cpuTime().map(Duration::toMillis).orElse(-1L))),
                0, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
        final long startMs = System.currentTimeMillis();
        final long end = System.nanoTime() + duration.toNanos();
        final Pacer pacer = rate == 0 ? null : new Pacer(rate);
        try {
            while (System.nanoTime() < end) {
                if (pacer != null) {
                    pacer.await();
                } else {
                    awaitBacklogBelowMax(end);
                }
                final Workload.Labelled payment = workload.next(Instant.now());
                labels.put(payment.txnId(), payment.label());
                producer.send(payment.record(), (metadata, error) -> {
                    if (error == null) {
                        appendTimes.put(payment.txnId(), metadata.timestamp());
                        acknowledged.incrementAndGet();
                    }
                });
                sent++;
            }
            producer.flush();
        } finally {
            sampler.shutdownNow();
        }
        app.requireAlive();
        return new Measured(appendTimes, labels, startMs, System.currentTimeMillis(), List.copyOf(samples));
    }

    private void awaitBacklogBelowMax(final long endNanos) {
        while (backlogFull() && System.nanoTime() < endNanos) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Max-rate mode's cap: {@code maxBacklog} payments sent and not yet decided. */
    private boolean backlogFull() {
        return sent - outputsSeen.getAsLong() >= maxBacklog;
    }

    /** Evenly spaced send times at a rate; falls behind gracefully rather than bursting to catch up. */
    private static final class Pacer {

        private final long periodNanos;
        private long next = System.nanoTime();

        Pacer(final int perSecond) {
            this.periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        }

        void await() {
            LockSupport.parkNanos(next - System.nanoTime());
            next = Math.max(next + periodNanos, System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
