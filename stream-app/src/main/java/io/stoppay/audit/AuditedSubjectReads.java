package io.stoppay.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stoppay.access.Principal;
import io.stoppay.api.Endpoint;
import io.stoppay.api.ForwardedFor;
import io.stoppay.api.QueryForwarder;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import io.stoppay.restriction.SubjectKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stoppay.v1.SubjectReadAudit;
import stoppay.v1.SubjectType;

/**
 * Records every request to read a subject, allowed or refused, on the audit log before the answer
 * leaves ({@code GET /v1/subjects/{type}/{id}}, in front of the access check).
 *
 * <ul>
 *   <li><b>Once per read.</b> The instance that produced the answer records it. A query this
 *       instance forwarded to the owner of the account comes back marked
 *       {@link QueryForwarder#ANSWERED_BY_OWNER}: the owner recorded it, so this instance does not, and the
 *       mark is taken off. A refusal here (no token, wrong role, a token on the URL) is never
 *       forwarded, so it is recorded here; an account outside the caller's banks and regions is
 *       refused by the owner ({@code SubjectScope}), and comes back marked like an allowed read.</li>
 *   <li><b>No audit, no answer.</b> When the audit record is not acknowledged, an allowed read is
 *       answered 503 instead of the subject's data. A refusal is answered as it is (it carries
 *       nothing of the subject), and counted in {@code stoppay_access_audit_failures_total}.</li>
 *   <li><b>From where.</b> The peer's address, always; and for a query another instance forwarded,
 *       the client it was forwarded for, believed only as {@link ForwardedFor} says.</li>
 *   <li><b>Behind the anonymous rate limit.</b> This sits behind {@code RequestRate#limitAnonymous}:
 *       a 429 without a valid token is counted, not audited, so a flood without credentials cannot
 *       fill the 400-day audit; a refusal that limit lets through is audited, and so is a
 *       principal's 429 ({@code RequestRate#limitPrincipals} sits behind). The caller is the
 *       request's, resolved once where it arrived.</li>
 *   <li>Allowed reads feed {@link DistinctReads}, for the enumeration alert.</li>
 * </ul>
 */
public final class AuditedSubjectReads implements Endpoint {

    private static final String ANSWERED_BY_OWNER = QueryForwarder.ANSWERED_BY_OWNER;
    private static final String ANONYMOUS = "-";
    private static final Logger LOG = LoggerFactory.getLogger(AuditedSubjectReads.class);

    private final Endpoint subjects;
    private final ForwardedFor forwardedFor;
    private final ReadAuditLog log;
    private final DistinctReads distinct;
    private final String self;
    private final Clock clock;
    private final Counter failures;

    /**
     * @param subjects     the subject query behind its access check
     * @param forwardedFor which client a query forwarded by another instance was made for
     * @param self         this instance, host:port, as the audit names who answered
     */
    public AuditedSubjectReads(final Endpoint subjects, final ForwardedFor forwardedFor, final ReadAuditLog log,
                               final DistinctReads distinct, final String self, final Clock clock,
                               final MeterRegistry registry) {
        this.subjects = subjects;
        this.forwardedFor = forwardedFor;
        this.log = log;
        this.distinct = distinct;
        this.self = self;
        this.clock = clock;
        this.failures = Counter.builder("stoppay.access.audit.failures")
                .description("Subject reads whose audit record could not be written (allowed ones were answered 503)")
                .register(registry);
    }

    @Override
    public Response handle(final Request request) throws Exception {
        final Response response = subjects.handle(request);
        if (response.headers().containsKey(ANSWERED_BY_OWNER)) {
            return response.withoutHeader(ANSWERED_BY_OWNER);
        }
        final Optional<SubjectType> type = type(request);
        // The subject as the read resolved it (a phone in E.164, a card's digits), so that the admin's
        // search finds every spelling of one subject under one id.
        final Optional<String> id = request.pathParams().size() == 2
                ? Optional.of(type.map(known -> recordedId(known, request.pathParams().get(1)))
                        .orElse(request.pathParams().get(1)))
                : Optional.empty();
        final String principal = request.caller().map(Principal::name).orElse(ANONYMOUS);
        final boolean allowed = response.status() == 200;
        final SubjectReadAudit audit = SubjectReadAudit.newBuilder()
                .setAuditId(UUID.randomUUID().toString())
                .setAt(clock.instant())
                .setPrincipal(principal)
                .setSubjectType(type.orElse(null))
                .setSubjectId(id.orElse(null))
                .setAllowed(allowed)
                .setStatus(response.status())
                .setReason(allowed ? null : error(response))
                .setRemoteAddress(request.remoteAddress())
                .setForwardedFor(forwardedFor.of(request).orElse(null))
                .setAnsweredBy(self)
                .build();
        try {
            log.record(audit);
        } catch (final AuditUnavailableException e) {
            failures.increment();
            LOG.atWarn().setMessage("subject read not audited").addKeyValue("principal", principal)
                    .addKeyValue("allowed", allowed).addKeyValue("error", e.getMessage()).log();
            return allowed ? Response.unavailable("audit: this read cannot be recorded now, so it is not answered; "
                    + "retry shortly") : response;
        }
        if (allowed && type.isPresent() && id.isPresent()) {
            distinct.read(principal, type.get() + ":" + id.get());
        }
        return response;
    }

    /** The id a read of {@code raw} as a {@code type} resolves to; {@code raw} itself when it names nothing. */
    static String recordedId(final SubjectType type, final String raw) {
        try {
            return SubjectKey.forLookup(type, raw).id();
        } catch (final IllegalArgumentException e) {
            return raw;
        }
    }

    private static Optional<SubjectType> type(final Request request) {
        if (request.pathParams().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SubjectType.valueOf(request.pathParams().get(0).toUpperCase(Locale.ROOT)));
        } catch (final IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The one-line error of a refusal, at most 200 characters. */
    private static String error(final Response response) {
        final String body = new String(response.body(), StandardCharsets.UTF_8);
        return body.length() > 200 ? body.substring(0, 200) : body;
    }
}
