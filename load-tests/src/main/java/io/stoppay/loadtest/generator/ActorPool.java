package io.stoppay.loadtest.generator;

import java.time.Duration;
import java.util.Arrays;

/**
 * Hands out the accounts of one cast role in turn, each only after it has rested: a victim
 * used again too soon would trip REPEATED_NEW_PAYEES, a collection account reused within the
 * fan-in window would start its next episode past the threshold. When the next account in turn
 * has not rested (the pool is small for the rate), an outsider is minted instead: a fresh
 * account StopPay has never seen, as criminals buy new ones. Deterministic; not thread-safe.
 */
final class ActorPool {

    private final Population population;
    private final Population.Role role;
    private final long restMs;
    private final String outsiderPrefix;
    private final long[] lastUsedMs;
    private int cursor;
    private long outsiders;

    /**
     * @param rest           how long an account must not have been used before it is used again
     * @param outsiderPrefix the first 9 digits of a minted outsider's 19-digit account id
     */
    ActorPool(final Population population, final Population.Role role, final Duration rest,
              final String outsiderPrefix) {
        this.population = population;
        this.role = role;
        this.restMs = rest.toMillis();
        this.outsiderPrefix = outsiderPrefix;
        this.lastUsedMs = new long[population.size(role)];
        Arrays.fill(lastUsedMs, Long.MIN_VALUE);
    }

    /** The next account in turn if it has rested at {@code nowMs}, else a new outsider. */
    Holder next(final long nowMs) {
        final int slot = cursor;
        if (lastUsedMs[slot] != Long.MIN_VALUE && nowMs - lastUsedMs[slot] < restMs) {
            return population.outsider(Ids.digits(outsiderPrefix, outsiders++, 10));
        }
        cursor = (cursor + 1) % lastUsedMs.length;
        lastUsedMs[slot] = nowMs;
        return population.holder(population.index(role, slot));
    }

    /** Records that {@code holder} was used again at {@code nowMs}; its rest starts over. */
    void touch(final Holder holder, final long nowMs) {
        if (holder.role() == role) {
            lastUsedMs[holder.index() - population.index(role, 0)] = nowMs;
        }
    }

    long outsiders() {
        return outsiders;
    }
}
