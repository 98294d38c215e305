package io.stoppay.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoppay.api.Endpoint;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import io.stoppay.testing.SteppingClock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A burst of a minute's requests, then 429 with Retry-After until the bucket refills; each caller its
 * own, and a caller without a valid token a lower limit, by its address.
 */
class RequestRateTest {

    private static final String TOKEN = "analyst-token-0123456789abcdef";
    private static final String OTHER = "other-token-0123456789abcdef";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Access access = Access.of("principals:\n"
            + "  - {name: analyst, token-sha256: " + Access.sha256Hex(TOKEN) + ", roles: [ANALYST], banks: [\"*\"]}\n"
            + "  - {name: other, token-sha256: " + Access.sha256Hex(OTHER) + ", roles: [ANALYST], banks: [\"*\"]}\n", registry);
    private final SteppingClock clock = new SteppingClock();
    private final Endpoint endpoint = new RequestRate(60, 10, clock, registry)
            .limit(access.require(Set.of(Role.ANALYST), (request, caller) -> Response.json(200, Map.of())));

    private Request from(final String token, final String address) {
        return access.identify(new Request("GET", List.of(), Map.of(), token == null ? Map.of()
                : Map.of("authorization", "Bearer " + token), new byte[0], address));
    }

    @Test
    void shouldAnswer429WithRetryAfterOnceAPrincipalSpentItsMinuteAndServeItAgainAsTheBucketRefills() throws Exception {
        for (int i = 0; i < 60; i++) {
            assertThat(endpoint.handle(from(TOKEN, "10.0.0.1")).status()).isEqualTo(200);
        }
        final Response limited = endpoint.handle(from(TOKEN, "10.0.0.2"));

        assertThat(limited.status()).as("the principal, whatever its address").isEqualTo(429);
        assertThat(limited.headers()).containsEntry("Retry-After", "1");
        assertThat(endpoint.handle(from(OTHER, "10.0.0.1")).status()).as("another principal").isEqualTo(200);
        clock.advance(1_000);
        assertThat(endpoint.handle(from(TOKEN, "10.0.0.1")).status()).isEqualTo(200);
        assertThat(endpoint.handle(from(TOKEN, "10.0.0.1")).status()).isEqualTo(429);
        assertThat(registry.counter("stoppay.access.refusals", "reason", "rate_limited").count()).isEqualTo(2);
    }

    @Test
    void shouldLimitRequestsWithoutAValidTokenByTheirAddressToTheirLowerLimit() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(endpoint.handle(from("guess-" + i, "10.9.9.9")).status()).isEqualTo(401);
        }

        final Response limited = endpoint.handle(from("guess-11", "10.9.9.9"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(new String(limited.body())).contains("more than 10 requests a minute");
        assertThat(limited.headers()).containsEntry("Retry-After", "6");
        assertThat(endpoint.handle(from(null, "10.9.9.8")).status()).isEqualTo(401);
        assertThat(endpoint.handle(from(TOKEN, "10.9.9.9")).status()).as("a valid token is its principal's").isEqualTo(200);
    }

    @Test
    void shouldForgetCallersWhoseBucketRefilledOnceItRemembersTheMost() throws Exception {
        final RequestRate rate = new RequestRate(1, 1, clock, registry);
        final Endpoint open = rate.limit(request -> Response.json(200, Map.of()));
        assertThat(open.handle(from(null, "10.1.0.0")).status()).isEqualTo(200);
        assertThat(open.handle(from(null, "10.1.0.0")).status()).as("one a minute").isEqualTo(429);
        for (int i = 1; i < RequestRate.MAX_CALLERS; i++) {
            open.handle(from(null, "10.2." + i / 256 + "." + i % 256));
        }

        assertThat(rate.callersRemembered()).isEqualTo(RequestRate.MAX_CALLERS);

        clock.advance(60_000);
        open.handle(from(null, "10.3.0.0"));
        assertThat(rate.callersRemembered()).as("the refilled ones forgotten, the new one remembered").isEqualTo(1);

        assertThat(open.handle(from(null, "10.1.0.0")).status()).as("a refilled caller starts afresh").isEqualTo(200);
        assertThat(open.handle(from(null, "10.1.0.0")).status()).as("and is limited again").isEqualTo(429);
    }

    /** Attack on issue 18: ::1 had a bucket of its own beside 127.0.0.1, and each IPv6 address too. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|127.0.0.1", "0:0:0:0:0:0:0:1|127.0.0.1", "::1|127.0.0.1", "127.0.0.2|127.0.0.2",
            "192.0.2.7|192.0.2.7",
            "2001:db8:1:2:3:4:5:6|2001:db8:1:2:0:0:0:0/64", "2001:db8:1:2:ffff::9|2001:db8:1:2:0:0:0:0/64",
            "::ffff:192.0.2.7|192.0.2.7", "2001:db8:1:3::1|2001:db8:1:3:0:0:0:0/64"})
    void shouldCountAnAnonymousCallerPerNetwork(final String address, final String network) {
        assertThat(RequestRate.network(address)).isEqualTo(network);
    }
}
