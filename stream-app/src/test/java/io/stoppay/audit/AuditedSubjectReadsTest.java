package io.stoppay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoppay.access.Access;
import io.stoppay.access.Principal;
import io.stoppay.access.RequestRate;
import io.stoppay.access.Role;
import io.stoppay.api.Endpoint;
import io.stoppay.api.ForwardedFor;
import io.stoppay.api.QueryForwarder;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import io.stoppay.testing.SteppingClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import stoppay.v1.SubjectReadAudit;
import stoppay.v1.SubjectType;

/**
 * Every read of a subject recorded once, by the instance that answered it; no audit, no answer; from
 * where as only an instance may say; and nothing of a flood the rate limit refuses.
 */
class AuditedSubjectReadsTest {

    private static final String ANALYST_TOKEN = "analyst-token-0123456789abcdef";
    private static final String SCRAPER_TOKEN = "scraper-token-0123456789abcdef";
    private static final String ACCOUNT = "6222000000000700001";
    /** Another StopPay instance, the only peer whose X-Forwarded-For is believed. */
    private static final String PEER_INSTANCE = "10.0.3.8";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Access access = Access.of("principals:\n"
            + "  - {name: analyst-0102, token-sha256: " + Access.sha256Hex(ANALYST_TOKEN) + ", roles: [ANALYST], banks: [\"0102\"]}\n"
            + "  - {name: prometheus, token-sha256: " + Access.sha256Hex(SCRAPER_TOKEN) + ", roles: [SCRAPER]}\n",
            registry);
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);
    private final List<SubjectReadAudit> recorded = new ArrayList<>();
    private final DistinctReads distinct = new DistinctReads(registry, clock);

    private Endpoint audited(final Endpoint answers, final ReadAuditLog log) {
        return new AuditedSubjectReads(access.require(Set.of(Role.ANALYST),
                (request, caller) -> answers.handle(request)),
                new ForwardedFor(peer -> peer.getHostAddress().equals(PEER_INSTANCE)), log, distinct, "10.0.3.7:8080",
                clock, registry);
    }

    private Request read(final String token, final String type, final String id) {
        return from("10.1.2.3", token, type, id, Map.of());
    }

    /** A read from {@code address} with {@code headers} besides the token, identified as where it arrives. */
    private Request from(final String address, final String token, final String type, final String id,
                         final Map<String, String> headers) {
        final Map<String, String> all = new HashMap<>(headers);
        if (token != null) {
            all.put("authorization", "Bearer " + token);
        }
        return access.identify(new Request("GET", List.of(type, id), Map.of(), all, new byte[0], address));
    }

    @Test
    void shouldRecordAClientAddressOnlyWhenAnInstanceForwardedTheReadAndItIsAnIpLiteral() throws Exception {
        final Endpoint endpoint = audited(request -> Response.json(200, Map.of()), recorded::add);
        final Map<String, String> forwardedFor = Map.of("x-forwarded-for", "192.0.2.44");
        final Map<String, String> forwarded = Map.of("x-forwarded-for", "192.0.2.44", "x-stoppay-forwarded", "true");

        endpoint.handle(from("198.51.100.9", ANALYST_TOKEN, "CARD", "6228000000000700001", forwardedFor));
        endpoint.handle(from("198.51.100.9", ANALYST_TOKEN, "CARD", "6228000000000700001", forwarded));
        endpoint.handle(from(PEER_INSTANCE, ANALYST_TOKEN, "CARD", "6228000000000700001",
                Map.of("x-forwarded-for", "10.9.9.9\u202E", "x-stoppay-forwarded", "true")));
        endpoint.handle(from(PEER_INSTANCE, ANALYST_TOKEN, "CARD", "6228000000000700001",
                Map.of("x-forwarded-for", "192.0.2.44, 10.0.0.1", "x-stoppay-forwarded", "true")));
        endpoint.handle(from(PEER_INSTANCE, ANALYST_TOKEN, "CARD", "6228000000000700001",
                Map.of("x-forwarded-for", "localhost", "x-stoppay-forwarded", "true")));
        endpoint.handle(from(PEER_INSTANCE, ANALYST_TOKEN, "CARD", "6228000000000700001", forwarded));
        endpoint.handle(from(PEER_INSTANCE, ANALYST_TOKEN, "CARD", "6228000000000700001",
                Map.of("x-forwarded-for", "2001:DB8:0:0::7", "x-stoppay-forwarded", "true")));

        assertThat(recorded).extracting(SubjectReadAudit::getRemoteAddress, SubjectReadAudit::getForwardedFor)
                .as("a client's own header, a forwarded mark from a non-instance, text that is not one IP literal: "
                        + "the peer only").containsExactly(
                        org.assertj.core.groups.Tuple.tuple("198.51.100.9", null),
                        org.assertj.core.groups.Tuple.tuple("198.51.100.9", null),
                        org.assertj.core.groups.Tuple.tuple(PEER_INSTANCE, null),
                        org.assertj.core.groups.Tuple.tuple(PEER_INSTANCE, null),
                        org.assertj.core.groups.Tuple.tuple(PEER_INSTANCE, null),
                        org.assertj.core.groups.Tuple.tuple(PEER_INSTANCE, "192.0.2.44"),
                        org.assertj.core.groups.Tuple.tuple(PEER_INSTANCE, "2001:db8:0:0:0:0:0:7"));
    }

    @Test
    void shouldAuditAtMostTheLimitOfAFloodWithoutATokenAndCountTheRestButAuditAPrincipalsRefusals() throws Exception {
        // Given the anonymous limit in front of the audit and the principals' behind it, as StopPayApp has them
        final int anonymousPerMinute = 5;
        final RequestRate rate = new RequestRate(1, anonymousPerMinute, new SteppingClock(), registry);
        final Endpoint limited = rate.limitAnonymous(audited(rate.limitPrincipals(request -> Response.json(200,
                Map.of())), recorded::add));
        int tooMany = 0;
        for (int i = 0; i < 200; i++) {
            tooMany += limited.handle(read(null, "ACCOUNT", ACCOUNT)).status() == 429 ? 1 : 0;
        }
        final Response first = limited.handle(read(ANALYST_TOKEN, "ACCOUNT", ACCOUNT));
        final Response second = limited.handle(read(ANALYST_TOKEN, "ACCOUNT", ACCOUNT));

        assertThat(tooMany).isEqualTo(200 - anonymousPerMinute);
        assertThat(registry.counter("stoppay.access.refusals", "reason", "rate_limited").count())
                .isEqualTo(200 - anonymousPerMinute + 1);
        assertThat(first.status()).as("a principal from the same address has a limit of its own").isEqualTo(200);
        assertThat(second.status()).isEqualTo(429);
        assertThat(recorded).extracting(SubjectReadAudit::getPrincipal, SubjectReadAudit::getStatus)
                .as("the flood's limit's worth, then the principal's read and its refusal").containsExactly(
                        org.assertj.core.groups.Tuple.tuple("-", 401), org.assertj.core.groups.Tuple.tuple("-", 401),
                        org.assertj.core.groups.Tuple.tuple("-", 401), org.assertj.core.groups.Tuple.tuple("-", 401),
                        org.assertj.core.groups.Tuple.tuple("-", 401),
                        org.assertj.core.groups.Tuple.tuple("analyst-0102", 200),
                        org.assertj.core.groups.Tuple.tuple("analyst-0102", 429));
    }

    @Test
    void shouldTakeTheCallerResolvedWhereTheRequestArrivedAtEveryStageWithoutAuthenticatingAgain() throws Exception {
        final Endpoint limited = new RequestRate(100, 1, new SteppingClock(), registry)
                .limit(audited(request -> Response.json(200, Map.of()), recorded::add));
        final Principal analyst = new Principal("analyst-0102", Set.of(Role.ANALYST), Set.of("*"), Set.of("*"));
        final Request tokenButAnonymous = new Request("GET", List.of("ACCOUNT", ACCOUNT), Map.of(),
                Map.of("authorization", "Bearer " + ANALYST_TOKEN), new byte[0], "10.1.2.3");

        final Response identified = limited.handle(new Request("GET", List.of("ACCOUNT", ACCOUNT), Map.of(), Map.of(),
                new byte[0], "10.1.2.3").by(Optional.of(analyst)));
        final Response anonymous = limited.handle(tokenButAnonymous);
        final Response limitedAsAnonymous = limited.handle(tokenButAnonymous);

        assertThat(identified.status()).as("no header, but identified").isEqualTo(200);
        assertThat(anonymous.status()).as("a header, but identified as no one").isEqualTo(401);
        assertThat(limitedAsAnonymous.status()).as("the limit of an anonymous address").isEqualTo(429);
        assertThat(recorded).extracting(SubjectReadAudit::getPrincipal).containsExactly("analyst-0102", "-");
    }

    @Test
    void shouldRecordAnAllowedReadWithWhoWhatWhenAndFromWhere() throws Exception {
        final Response response = audited(request -> Response.json(200, Map.of("restricted", false)), recorded::add)
                .handle(read(ANALYST_TOKEN, "account", ACCOUNT));

        assertThat(response.status()).isEqualTo(200);
        assertThat(recorded).singleElement().satisfies(audit -> {
            assertThat(audit.getPrincipal()).isEqualTo("analyst-0102");
            assertThat(audit.getSubjectType()).isEqualTo(SubjectType.ACCOUNT);
            assertThat(audit.getSubjectId()).isEqualTo(ACCOUNT);
            assertThat(audit.getAllowed()).isTrue();
            assertThat(audit.getStatus()).isEqualTo(200);
            assertThat(audit.getAt()).isEqualTo(clock.instant());
            assertThat(audit.getRemoteAddress()).isEqualTo("10.1.2.3");
            assertThat(audit.getAnsweredBy()).isEqualTo("10.0.3.7:8080");
            assertThat(audit.getReason()).isNull();
        });
        assertThat(distinct.count("analyst-0102")).isEqualTo(1);
    }

    @Test
    void shouldRecordEverySpellingOfOneSubjectUnderOneIdThatTheSearchFindsByAnyOfThem() throws Exception {
        final Endpoint endpoint = audited(request -> Response.json(200, Map.of("restricted", true)), recorded::add);
        for (final String phone : List.of("13912345678", "+86 139 1234 5678", "0086-139-1234-5678", " 13912345678 ")) {
            endpoint.handle(read(ANALYST_TOKEN, "phone", phone));
        }
        endpoint.handle(read(ANALYST_TOKEN, "account", " " + ACCOUNT + " "));
        endpoint.handle(read(ANALYST_TOKEN, "account", ACCOUNT.substring(0, 4) + " " + ACCOUNT.substring(4, 8) + "\u200B"
                + ACCOUNT.substring(8)));

        assertThat(recorded).extracting(SubjectReadAudit::getSubjectId)
                .containsExactly("+8613912345678", "+8613912345678", "+8613912345678", "+8613912345678", ACCOUNT, ACCOUNT);
        assertThat(recorded.subList(0, 4)).allMatch(audit -> ReadAuditSearch.sameSubject(audit, "139 1234 5678"));
        assertThat(ReadAuditSearch.sameSubject(recorded.get(4), ACCOUNT + " ")).isTrue();
        assertThat(ReadAuditSearch.sameSubject(recorded.get(0), "13912345679")).isFalse();
        assertThat(ReadAuditSearch.sameSubject(recorded.get(0), " ")).as("a blank id names nothing").isFalse();
    }

    @Test
    void shouldRecordRefusalsWithTheirReasonAndCountNoneAsRead() throws Exception {
        final Endpoint endpoint = audited(request -> Response.json(200, Map.of()), recorded::add);

        endpoint.handle(read(null, "CARD", "6228000000000700001"));
        endpoint.handle(read(SCRAPER_TOKEN, "CARD", "6228000000000700001"));

        assertThat(recorded).extracting(SubjectReadAudit::getPrincipal, SubjectReadAudit::getAllowed,
                SubjectReadAudit::getStatus).containsExactly(
                org.assertj.core.groups.Tuple.tuple("-", false, 401),
                org.assertj.core.groups.Tuple.tuple("prometheus", false, 403));
        assertThat(recorded.get(1).getReason()).contains("forbidden");
        assertThat(distinct.count("prometheus")).isZero();
    }

    @Test
    void shouldLeaveAReadTheOwnerAnsweredToTheOwnersAuditAndTakeTheMarkOff() throws Exception {
        final Response response = audited(request -> Response.json(200, Map.of())
                .withHeader(QueryForwarder.ANSWERED_BY_OWNER, "10.0.3.8:8080"), recorded::add)
                .handle(read(ANALYST_TOKEN, "ACCOUNT", ACCOUNT));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).doesNotContainKey(QueryForwarder.ANSWERED_BY_OWNER);
        assertThat(recorded).isEmpty();
    }

    @Test
    void shouldNotAnswerAReadWhoseAuditCannotBeRecorded() throws Exception {
        final ReadAuditLog down = audit -> {
            throw new AuditUnavailableException("audit record not acknowledged: TimeoutException", null);
        };

        final Response allowed = audited(request -> Response.json(200, Map.of("restricted", true)), down)
                .handle(read(ANALYST_TOKEN, "ACCOUNT", ACCOUNT));
        final Response refused = audited(request -> Response.json(200, Map.of()), down)
                .handle(read(null, "ACCOUNT", ACCOUNT));

        assertThat(allowed.status()).isEqualTo(503);
        assertThat(new String(allowed.body())).doesNotContain("restricted").contains("audit");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(registry.counter("stoppay.access.audit.failures").count()).isEqualTo(2);
    }

    @Test
    void shouldCountEachSubjectOncePerPrincipalWithinFiveMinutes() {
        final SteppingClock now = new SteppingClock();
        final DistinctReads reads = new DistinctReads(registry, now);

        reads.read("analyst", "ACCOUNT:1");
        reads.read("analyst", "ACCOUNT:1");
        reads.read("analyst", "CARD:2");
        reads.read("officer", "ACCOUNT:1");
        assertThat(reads.count("analyst")).isEqualTo(2);
        assertThat(registry.get("stoppay.access.distinct.subjects.read").tag("principal", "analyst").gauge().value())
                .isEqualTo(2);

        now.advance(DistinctReads.WINDOW.minus(Duration.ofSeconds(1)));
        reads.read("analyst", "CARD:2");
        now.advance(Duration.ofSeconds(2));
        assertThat(reads.count("analyst")).as("ACCOUNT:1 left the window, CARD:2 was read again").isEqualTo(1);
        assertThat(reads.count("officer")).isZero();
    }

    @Test
    void shouldStayAtTheCapOfSubjectsRememberedPerPrincipal() {
        for (int i = 0; i <= DistinctReads.MAX_TRACKED; i++) {
            distinct.read("script", "ACCOUNT:" + i);
        }

        assertThat(distinct.count("script")).isEqualTo(DistinctReads.MAX_TRACKED);
    }
}
