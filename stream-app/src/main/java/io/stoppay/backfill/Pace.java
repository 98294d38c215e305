package io.stoppay.backfill;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps a backfill at or below a number of past payments per second ({@code --rate}). Kafka
 * Streams gives a task's partitions turns by record timestamp, and a past payment's is its event
 * time, so history buffered in a task goes ahead of its live payments (design note 16); below the
 * spare capacity, history never queues and live decisions keep their latency. A run that falls
 * behind (a slow source) does not catch up in a burst.
 */
public final class Pace {

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long nanosPerPayment;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextNanos = Long.MIN_VALUE;

    /** How a pace waits; {@link #SYSTEM} sleeps the thread. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;

        Sleeper SYSTEM = TimeUnit.NANOSECONDS::sleep;
    }

    /**
     * @param perSecond past payments per second; 0 for as fast as the cluster takes them
     * @param nanoTime  {@code System::nanoTime}, or a test's
     * @throws IllegalArgumentException when {@code perSecond} is negative
     */
    public Pace(final int perSecond, final LongSupplier nanoTime, final Sleeper sleeper) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("--rate " + perSecond + " must be 0 (as fast as possible) or more");
        }
        this.nanosPerPayment = perSecond == 0 ? 0 : Math.max(1, NANOS_PER_SECOND / perSecond);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** As fast as the cluster takes them. */
    public static Pace unlimited() {
        return new Pace(0, System::nanoTime, Sleeper.SYSTEM);
    }

    /** Waits until the next payment is due. */
    void await() {
        if (nanosPerPayment == 0) {
            return;
        }
        final long now = nanoTime.getAsLong();
        if (nextNanos != Long.MIN_VALUE && nextNanos - now > 0) {
            try {
                sleeper.sleepNanos(nextNanos - now);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("backfill interrupted", e);
            }
            nextNanos += nanosPerPayment;
        } else {
            nextNanos = now + nanosPerPayment;
        }
    }
}
