package io.stoppay.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stoppay.api.Endpoint;
import io.stoppay.api.Response;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-caller rate limits on this instance: each principal (or, without a valid token, each remote
 * address, so that guessing tokens is slowed too) may make {@code perMinute} requests a minute, in
 * bursts of up to as many (a token bucket refilled evenly). A request over the limit is answered
 * 429 with {@code Retry-After} in whole seconds before the endpoint sees it, and counted in
 * {@code stoppay_access_refusals_total{reason="rate_limited"}}. At most {@value #MAX_CALLERS} callers
 * are remembered at a time; beyond that, those whose bucket is full again are forgotten.
 */
public final class RequestRate {

    /** Callers remembered before the idle ones are forgotten. */
    static final int MAX_CALLERS = 10_000;

    private final double perMilli;
    private final int capacity;
    private final Access access;
    private final Clock clock;
    private final Counter limited;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param perMinute requests a caller may make a minute (at least 1)
     */
    public RequestRate(final int perMinute, final Access access, final Clock clock, final MeterRegistry registry) {
        this.capacity = perMinute;
        this.perMilli = perMinute / 60_000.0;
        this.access = access;
        this.clock = clock;
        this.limited = Access.refusals(registry, "rate_limited");
    }

    /** {@code endpoint}, behind this instance's per-caller limit. */
    public Endpoint limit(final Endpoint endpoint) {
        return request -> {
            final String caller = access.authenticate(request).map(principal -> "principal:" + principal.name())
                    .orElse("address:" + request.remoteAddress());
            final long now = clock.millis();
            if (buckets.size() >= MAX_CALLERS) {
                // Callers whose bucket has refilled are as if never seen: forget them, so that a flood of
                // addresses cannot grow the map without bound.
                buckets.entrySet().removeIf(entry -> entry.getValue().fullAt(now, capacity, perMilli));
            }
            final long waitMillis = buckets.computeIfAbsent(caller, key -> new Bucket(capacity, now))
                    .take(now, capacity, perMilli);
            if (waitMillis > 0) {
                limited.increment();
                return Response.error(429, "rate: more than " + capacity + " requests a minute from this caller; "
                        + "retry later").withHeader("Retry-After", Long.toString(Math.max(1, (waitMillis + 999) / 1000)));
            }
            return endpoint.handle(request);
        };
    }

    /** How many callers this instance remembers now. */
    int callersRemembered() {
        return buckets.size();
    }

    /** Tokens left and when they were last counted. */
    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(final int capacity, final long now) {
            this.tokens = capacity;
            this.at = now;
        }

        synchronized boolean fullAt(final long now, final int capacity, final double perMilli) {
            return tokens + (now - at) * perMilli >= capacity;
        }

        /** Takes one token: 0, or the millis until one will be there. */
        synchronized long take(final long now, final int capacity, final double perMilli) {
            tokens = Math.min(capacity, tokens + (now - at) * perMilli);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perMilli);
        }
    }
}
