package io.stoppay.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many distinct subjects each principal read on this instance within the last
 * {@link #WINDOW}: the gauge {@code stoppay_access_distinct_subjects_read{principal}}, which the
 * alert {@code StopPaySubjectEnumeration} sums over instances (an account is read on the instance
 * that owns it, so instances count disjoint subjects). Per principal at most {@value #MAX_TRACKED}
 * subjects are remembered: beyond that the gauge stays at the cap, far above any alert threshold.
 */
public final class DistinctReads {

    /** Five minutes: an analyst working a case reads a handful of subjects in that time, a script thousands. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    static final int MAX_TRACKED = 10_000;

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Window> byPrincipal = new ConcurrentHashMap<>();

    public DistinctReads(final MeterRegistry registry, final Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Notes that {@code principal} read {@code subject} (e.g. {@code ACCOUNT:6222…}) now. */
    public void read(final String principal, final String subject) {
        byPrincipal.computeIfAbsent(principal, name -> {
            final Window window = new Window();
            Gauge.builder("stoppay.access.distinct.subjects.read", window, w -> w.count(clock.millis()))
                    .description("Distinct subjects a principal read on this instance in the last 5 minutes")
                    .tag("principal", name).register(registry);
            return window;
        }).add(subject, clock.millis());
    }

    /** The distinct subjects {@code principal} read in the window ending now. */
    public int count(final String principal) {
        final Window window = byPrincipal.get(principal);
        return window == null ? 0 : window.count(clock.millis());
    }

    /** One principal's reads, oldest first, each subject once at its latest read. */
    private static final class Window {
        private final LinkedHashMap<String, Long> lastRead = new LinkedHashMap<>(16, 0.75f, true);

        synchronized void add(final String subject, final long now) {
            lastRead.put(subject, now);
            if (lastRead.size() > MAX_TRACKED) {
                final Iterator<String> oldest = lastRead.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            expire(now);
        }

        synchronized int count(final long now) {
            expire(now);
            return lastRead.size();
        }

        private void expire(final long now) {
            final Iterator<Map.Entry<String, Long>> it = lastRead.entrySet().iterator();
            while (it.hasNext() && it.next().getValue() <= now - WINDOW.toMillis()) {
                it.remove();
            }
        }
    }
}
