package io.stoppay.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stoppay.api.Endpoint;
import io.stoppay.api.ForwardedFor;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-caller rate limits on this instance, in front of everything else a route does (the audit of
 * reads among it): each principal may make {@code perMinute} requests a minute, and each remote
 * address without a valid token {@code anonymousPerMinute}, fewer, so that a flood without
 * credentials, or guessing tokens, is refused before it reaches the access check or fills the
 * 400-day read audit ({@link #limitAnonymous} in front of it, {@link #limitPrincipals} behind).
 * Either in bursts of up to as many (a token bucket refilled evenly). A request over its limit is
 * answered 429 with {@code Retry-After} in whole seconds, and counted in
 * {@code stoppay_access_refusals_total{reason="rate_limited"}}. At most {@value #MAX_CALLERS}
 * callers are remembered at a time; beyond that, those whose bucket is full again are forgotten.
 *
 * <p>The caller is the request's {@link io.stoppay.api.Request#caller()}, resolved once where the
 * request arrived; this class authenticates nothing itself.
 */
public final class RequestRate {

    /** Callers remembered before the idle ones are forgotten. */
    static final int MAX_CALLERS = 10_000;
    /** An IPv6 /64: the bytes of the network part. */
    private static final int IPV6_PREFIX_BYTES = 8;
    private static final String IPV4_LOOPBACK = "127.0.0.1";

    private final Limit principals;
    private final Limit anonymous;
    private final Clock clock;
    private final Counter limited;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Requests a minute, and the same per millisecond (the refill rate). */
    private record Limit(int perMinute, double perMilli) {
        Limit(final int perMinute) {
            this(perMinute, perMinute / 60_000.0);
        }
    }

    /**
     * @param perMinute          requests a principal may make a minute (at least 1)
     * @param anonymousPerMinute requests a remote address without a valid token may make a minute (at least 1)
     */
    public RequestRate(final int perMinute, final int anonymousPerMinute, final Clock clock,
                       final MeterRegistry registry) {
        this.principals = new Limit(perMinute);
        this.anonymous = new Limit(anonymousPerMinute);
        this.clock = clock;
        this.limited = Access.refusals(registry, "rate_limited");
    }

    /** {@code endpoint}, behind this instance's per-caller limits. */
    public Endpoint limit(final Endpoint endpoint) {
        return limitAnonymous(limitPrincipals(endpoint));
    }

    /**
     * {@code endpoint} behind the limit of callers without a valid token only; others pass. Put in
     * front of the read audit: an anonymous flood's 429s are counted, never written.
     */
    public Endpoint limitAnonymous(final Endpoint endpoint) {
        return request -> request.caller().isEmpty() ? take(request, endpoint) : endpoint.handle(request);
    }

    /**
     * {@code endpoint} behind the principals' limit only; anonymous callers pass. Put behind the read
     * audit: a named principal's refused burst is evidence the audit keeps.
     */
    public Endpoint limitPrincipals(final Endpoint endpoint) {
        return request -> request.caller().isPresent() ? take(request, endpoint) : endpoint.handle(request);
    }

    /**
     * The network an anonymous caller's requests are counted for: an IPv4 address, an IPv6 /64 (what
     * one subscriber or host is given, so that its other 2^64 addresses share one bucket), and
     * {@code ::1} as {@value #IPV4_LOOPBACK}, the same machine's default loopback (attack on issue 18:
     * each address had its own bucket).
     */
    static String network(final String remoteAddress) {
        final Optional<InetAddress> address = ForwardedFor.literal(remoteAddress);
        if (address.isEmpty()) {
            return remoteAddress;
        }
        if (address.get() instanceof Inet6Address && address.get().isLoopbackAddress()) {
            return IPV4_LOOPBACK;
        }
        if (address.get() instanceof Inet6Address) {
            final byte[] bytes = address.get().getAddress();
            Arrays.fill(bytes, IPV6_PREFIX_BYTES, bytes.length, (byte) 0);
            try {
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            } catch (final UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an IPv6 address", e);
            }
        }
        return address.get().getHostAddress();
    }

    /** Takes one request from the caller's bucket: {@code endpoint}'s answer, or 429 when it is empty. */
    private Response take(final Request request, final Endpoint endpoint) throws Exception {
        final Limit limit = request.caller().isPresent() ? principals : anonymous;
        final String caller = request.caller().map(principal -> "principal:" + principal.name())
                .orElse("address:" + network(request.remoteAddress()));
        final long now = clock.millis();
        if (buckets.size() >= MAX_CALLERS) {
            // Callers whose bucket has refilled are as if never seen: forget them, so that a flood of
            // addresses cannot grow the map without bound.
            buckets.entrySet().removeIf(entry -> entry.getValue().fullAt(now));
        }
        final long waitMillis = buckets.computeIfAbsent(caller, key -> new Bucket(limit, now)).take(now);
        if (waitMillis > 0) {
            limited.increment();
            return Response.error(429, "rate: more than " + limit.perMinute() + " requests a minute from this "
                    + "caller; retry later").withHeader("Retry-After", Long.toString(Math.max(1, (waitMillis + 999) / 1000)));
        }
        return endpoint.handle(request);
    }

    /** How many callers this instance remembers now. */
    int callersRemembered() {
        return buckets.size();
    }

    /** Tokens left under one limit, and when they were last counted. */
    private static final class Bucket {
        private final Limit limit;
        private double tokens;
        private long at;

        Bucket(final Limit limit, final long now) {
            this.limit = limit;
            this.tokens = limit.perMinute();
            this.at = now;
        }

        synchronized boolean fullAt(final long now) {
            return tokens + (now - at) * limit.perMilli() >= limit.perMinute();
        }

        /** Takes one token: 0, or the millis until one will be there. */
        synchronized long take(final long now) {
            tokens = Math.min(limit.perMinute(), tokens + (now - at) * limit.perMilli());
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / limit.perMilli());
        }
    }
}
