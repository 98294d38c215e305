package io.stoppay.restriction;

import io.stoppay.metrics.DecisionLag;

/**
 * The pace of graph maintenance: the restriction client runs while decisions keep up and is
 * paused, part of the time, while they do not. A bulk load of lists or linkages (100,000 links to
 * one NAT address) shares the CPU, the broker and the disks with the decisions; on a small machine
 * applying it at full speed left payments decided seconds late for as long as the load lasted
 * (design note 13). The graph can wait; a payment cannot.
 *
 * <p>Time is cut into slots of {@value #SLOT_MS} ms, and the graph runs in a share of them, its
 * duty: all of them while decisions keep up, halved every slot while the latest decision took
 * longer than the tolerated latency (down to {@value #MIN_DUTY}, so a load always progresses),
 * and grown by half after each slot it ran while they did not. A slot it ran without applying a
 * change means there is nothing to do: the duty drops to {@value #MIN_DUTY}, so that the next
 * burst starts slowly, as TCP's slow start does. That matters: a decision's latency is known only
 * once it is decided, so a burst at full speed would pile up seconds of payments before the first
 * late decision said so. Without a decision in the last {@value #FRESH_MS} ms no payments are
 * flowing, and the graph always runs (a first load of the lists before traffic goes at full speed).
 *
 * <p>The client is paused and resumed whole ({@code KafkaStreams.pause()}), between records, so a
 * transaction never waits on the pace. Not thread-safe: one controller thread asks.
 */
public final class GraphPace {

    public static final long SLOT_MS = 100;
    static final double MIN_DUTY = 0.1;
    static final long FRESH_MS = 5_000;
    private static final double GROWTH = 1.5;

    private final DecisionLag lag;
    private final long toleratedMs;
    private double duty = MIN_DUTY;
    private double credit = 1;
    private boolean running;
    private long changesAtSlotStart = -1;

    /**
     * @param lag         the decisions' latency
     * @param toleratedMs a decision latency above this slows the graph ({@code stoppay.restriction.yield.latency.ms});
     *                    0 never does
     */
    public GraphPace(final DecisionLag lag, final long toleratedMs) {
        this.lag = lag;
        this.toleratedMs = toleratedMs;
    }

    /**
     * Whether the graph may run in the slot starting at {@code nowMs}.
     *
     * @param changesApplied how many list and linkage records the graph has applied so far
     */
    public boolean mayRunSlot(final long nowMs, final long changesApplied) {
        if (toleratedMs <= 0) {
            return true;
        }
        final boolean idle = running && changesApplied == changesAtSlotStart;
        changesAtSlotStart = changesApplied;
        final long latest = lag.latestMs(nowMs, FRESH_MS);
        if (latest < 0) {
            // No payments flowing: nothing to yield to. Run, but start slowly once they flow again.
            duty = idle ? MIN_DUTY : duty;
            credit = 1;
            running = true;
            return true;
        }
        if (latest > toleratedMs) {
            duty = Math.max(MIN_DUTY, duty / 2);
        } else if (idle) {
            duty = MIN_DUTY;
        } else if (running) {
            duty = Math.min(1, duty * GROWTH);
        }
        credit = Math.min(1, credit + duty);
        running = credit >= 1 - 1e-9;
        if (running) {
            credit -= 1;
        }
        return running;
    }

    /** The share of slots the graph now runs in. */
    double duty() {
        return duty;
    }
}
