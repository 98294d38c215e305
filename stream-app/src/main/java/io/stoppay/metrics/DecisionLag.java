package io.stoppay.metrics;

/**
 * How late decisions are right now: the latest decision's latency, from its payment's append
 * to the input topic to its decision (millis), as the restriction graph's pace reads it
 * ({@link io.stoppay.restriction.GraphPace}). Thread-safe: decided in the decisions' stream
 * threads, read in the graph's.
 */
public final class DecisionLag {

    private volatile long latestMs;
    private volatile long decidedAtMs = Long.MIN_VALUE;

    /** One decision, {@code latencyMs} after its payment's append, decided at {@code decidedAtMs}. */
    public void observe(final long latencyMs, final long decidedAtMs) {
        this.latestMs = latencyMs;
        this.decidedAtMs = decidedAtMs;
    }

    /**
     * The latency of the latest decision if it was made at most {@code freshForMs} before
     * {@code nowMs}; -1 otherwise: no payments are flowing, so nothing can be late.
     */
    public long latestMs(final long nowMs, final long freshForMs) {
        final long at = decidedAtMs;
        return at != Long.MIN_VALUE && nowMs - at <= freshForMs ? latestMs : -1;
    }
}
