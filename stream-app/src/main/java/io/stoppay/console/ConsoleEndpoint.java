package io.stoppay.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stoppay.access.Forbidden;
import io.stoppay.access.GuardedEndpoint;
import io.stoppay.access.Jurisdiction;
import io.stoppay.access.Principal;
import io.stoppay.access.Role;
import io.stoppay.api.QueryForwarder;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import io.stoppay.outcome.IssuedNotices;
import io.stoppay.statistics.RegionDay;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stoppay.internal.v1.IssuedNotice;
import stoppay.internal.v1.NoticeKind;
import stoppay.v1.WarningOutcome;
import stoppay.v1.WarningOutcomeKind;

/**
 * The console's JSON API, under {@code /v1/console/}, for an authenticated caller
 * ({@link io.stoppay.access.Access#require}):
 *
 * <ul>
 *   <li>{@code GET me}: the caller's {@code name}, {@code roles}, {@code regions} and {@code banks}.</li>
 *   <li>{@code GET warnings?region=320623&limit=100} (OFFICER, ADMIN): the region's police warnings,
 *       newest first, at most {@code limit} ({@value #DEFAULT_LIMIT} by default, up to {@value #MAX_LIMIT});
 *       a city's or province's code takes in the regions it covers ({@link Jurisdiction}). A region the
 *       caller does not see is 403. Answer: {@code {"region","limit","complete","notices":[…]}}, each
 *       notice a {@link NoticeView}; {@code complete} is false when an instance stopped reading
 *       before finding {@code limit} ({@link StreamsLoopState#MAX_READ_PER_PARTITION}).</li>
 *   <li>{@code GET warnings/{warningId}} (OFFICER, ADMIN): one warning; 404 if StopPay has none under
 *       that id, 403 if it is another region's.</li>
 *   <li>{@code POST warnings/{warningId}/outcome} (OFFICER, ADMIN), body
 *       {@code {"outcome":"DISSUADED","note":"…"}} (a {@link WarningOutcomeKind}; the note optional, at
 *       most {@value #MAX_NOTE_CHARS} characters): writes a {@link WarningOutcome} with the warning's
 *       txnId and region, {@code officer} = the caller's name, {@code actedAt} = now, and answers 202
 *       once Kafka has it ({@code {"warningId","outcome","officer","actedAt"}}); the outcome loop then
 *       joins it. 409 if the warning already has that outcome.</li>
 *   <li>{@code GET alerts?limit=100} (ANALYST, ADMIN): the stop-payment alerts awaiting action (no
 *       outcome yet), newest first, each with its {@code ageSeconds} and {@code bank}: the payer's
 *       bank, which holds the money and acts on it. A bank-scoped analyst sees its banks' alerts only;
 *       an alert whose payment named no bank only a caller of every bank ({@code banks: ["*"]}) or
 *       ADMIN sees.</li>
 * </ul>
 *
 * <p>Lists and notices come from the outcome loop on every instance ({@link Notices}); 503 with
 * {@code Retry-After} while some of it cannot be read. Bad input is a one-line 400. Logs name the
 * warning, the outcome and the officer's id, never a note or an account.
 */
public final class ConsoleEndpoint implements GuardedEndpoint {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    static final int MAX_NOTE_CHARS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String ROUTE = "/v1/console";

    private final Notices notices;
    private final WarningOutcomeWriter outcomes;
    private final Clock clock;

    ConsoleEndpoint(final Notices notices, final WarningOutcomeWriter outcomes, final Clock clock) {
        this.notices = notices;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /**
     * The console of this instance ({@code self}) of {@code streams}.
     *
     * @param forwarder sends a request on to another instance
     * @param outcomes  where recorded outcomes are written
     * @param clock     now, for {@code actedAt} and ages
     */
    public static ConsoleEndpoint of(final KafkaStreams streams, final HostInfo self, final QueryForwarder forwarder,
                                     final WarningOutcomeWriter outcomes, final Clock clock) {
        return new ConsoleEndpoint(new Notices(new StreamsLoopState(streams, self), forwarder::forward, clock), outcomes,
                clock);
    }

    @Override
    public Response handle(final Request request, final Principal caller) throws InterruptedException {
        final List<String> path = request.pathParams();
        final String resource = path.isEmpty() ? "" : path.get(0);
        try {
            if (path.size() == 1 && resource.equals("me")) {
                return isGet(request) ? me(caller) : useGet();
            }
            if (resource.equals("warnings")) {
                requireRole(caller, Role.OFFICER);
                return warnings(request, caller, path);
            }
            if (path.size() == 1 && resource.equals("alerts")) {
                requireRole(caller, Role.ANALYST);
                return isGet(request) ? alerts(request, caller) : useGet();
            }
            return Response.error(404, "path: " + ROUTE + "/me, /warnings, /warnings/{warningId}, "
                    + "/warnings/{warningId}/outcome or /alerts");
        } catch (final Notices.Unanswered e) {
            return e.response();
        } catch (final InvalidStateStoreException e) {
            return Response.unavailable("the outcome loop is not readable on this instance now (" + e.getMessage()
                    + "); retry shortly");
        } catch (final BadRequest e) {
            return Response.error(400, e.getMessage());
        }
    }

    private Response warnings(final Request request, final Principal caller, final List<String> path)
            throws Notices.Unanswered, InterruptedException, BadRequest {
        if (path.size() == 1) {
            return isGet(request) ? warningList(request, caller) : useGet();
        }
        final String id = path.get(1);
        if (!UUID.matcher(id).matches()) {
            throw new BadRequest("warningId: must be a UUID as StopPay writes them");
        }
        if (path.size() == 2) {
            return isGet(request) ? Response.json(200, warning(id, request, caller)) : useGet();
        }
        if (path.size() == 3 && path.get(2).equals("outcome")) {
            if (!request.method().equals("POST")) {
                return Response.methodNotAllowed("POST");
            }
            return request.hasContentType(Response.JSON_TYPE) ? record(id, request, caller)
                    : Response.unsupportedMediaType(Response.JSON_TYPE);
        }
        return Response.error(404, "path: " + ROUTE + "/warnings/{warningId} or /warnings/{warningId}/outcome");
    }

    private Response warningList(final Request request, final Principal caller)
            throws Notices.Unanswered, InterruptedException, BadRequest {
        final String region = request.queryParam("region").orElseThrow(() ->
                new BadRequest("region: required, a 6-digit division code"));
        if (!RegionDay.REGION.matcher(region).matches()) {
            throw new BadRequest("region: must be a 6-digit division code");
        }
        if (!caller.seesRegion(region)) {
            throw new Forbidden("region: not one of yours");
        }
        final int limit = limit(request);
        final Notices.Listing listing = notices.newest(NoticeKind.POLICE_WARNING, entry -> {
            final String of = entry.getIssued().getRegionCode();
            return Jurisdiction.covers(region, of) && caller.seesRegion(of);
        }, limit, request, List.of("v1", "console", "warnings"));
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("region", region);
        answer.put("limit", limit);
        answer.put("complete", listing.complete());
        answer.put("notices", listing.notices());
        return Response.json(200, answer);
    }

    /**
     * The warning, if the caller may see it. Another region's warning is answered as one that does
     * not exist: a 403 would tell an officer who knows a txnId whether another region was warned.
     */
    private NoticeView warning(final String id, final Request request, final Principal caller)
            throws Notices.Unanswered, InterruptedException {
        return notices.find(IssuedNotices.warningKey(id), request, List.of("v1", "console", "warnings", id))
                .filter(warning -> caller.seesRegion(warning.region()))
                .orElseThrow(() -> new Notices.Unanswered(Response.error(404, "warningId: no such warning")));
    }

    private Response record(final String id, final Request request, final Principal caller)
            throws Notices.Unanswered, InterruptedException, BadRequest {
        final JsonNode body = jsonObject(request);
        final WarningOutcomeKind kind = outcomeKind(body.get("outcome"));
        final JsonNode noteField = body.get("note");
        if (noteField != null && !noteField.isNull() && !noteField.isTextual()) {
            throw new BadRequest("note: must be text");
        }
        final String note = noteField == null || noteField.isNull() || noteField.asText().isBlank() ? null
                : noteField.asText();
        if (note != null && note.codePointCount(0, note.length()) > MAX_NOTE_CHARS) {
            throw new BadRequest("note: at most " + MAX_NOTE_CHARS + " characters");
        }
        final NoticeView warning = warning(id, request, caller);
        if (warning.outcomes().stream().anyMatch(outcome -> outcome.outcome().equals(kind.name()))) {
            return Response.error(409, "outcome: the warning already has " + kind);
        }
        final Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        final WarningOutcome outcome = WarningOutcome.newBuilder().setWarningId(id).setTxnId(warning.txnId())
                .setRegionCode(warning.region()).setOutcome(kind).setActedAt(now).setOfficer(caller.name())
                .setNote(note).build();
        try {
            outcomes.write(outcome);
        } catch (final ExecutionException | TimeoutException | KafkaException e) {
            final Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.atWarn().setMessage("warning outcome not recorded").addKeyValue("warningId", id)
                    .addKeyValue("error", cause.getClass().getSimpleName()).log();
            return Response.unavailable("outcome: not recorded (Kafka: " + cause.getClass().getSimpleName()
                    + "); retry, a second record of the same outcome counts once");
        }
        LOG.atInfo().setMessage("warning outcome recorded").addKeyValue("warningId", id).addKeyValue("outcome", kind)
                .addKeyValue("officer", caller.name()).log();
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("warningId", id);
        answer.put("outcome", kind.name());
        answer.put("officer", caller.name());
        answer.put("actedAt", now.toString());
        return Response.json(202, answer);
    }

    private Response alerts(final Request request, final Principal caller)
            throws Notices.Unanswered, InterruptedException, BadRequest {
        final int limit = limit(request);
        final Notices.Listing listing = notices.newest(NoticeKind.STOP_PAYMENT_ALERT,
                entry -> entry.getAlertOutcomes().isEmpty() && seesBankOf(caller, entry.getIssued()), limit, request,
                List.of("v1", "console", "alerts"));
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("limit", limit);
        answer.put("complete", listing.complete());
        answer.put("notices", listing.notices());
        return Response.json(200, answer);
    }

    /**
     * An alert is its payer bank's: a bank-scoped analyst sees only those; one that named no bank
     * only a principal of every bank ({@code "*"}) or ADMIN sees.
     */
    private static boolean seesBankOf(final Principal caller, final IssuedNotice alert) {
        return alert.getPayerBankCode() == null ? caller.seesBank(Principal.ALL)
                : caller.seesBank(alert.getPayerBankCode());
    }

    private static Response me(final Principal caller) {
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", caller.name());
        answer.put("roles", caller.roles().stream().map(Role::name).sorted().toList());
        answer.put("regions", caller.regions().stream().sorted().toList());
        answer.put("banks", caller.banks().stream().sorted().toList());
        return Response.json(200, answer);
    }

    /** ADMIN may do what every role may. */
    private static void requireRole(final Principal caller, final Role role) {
        if (!caller.has(role) && !caller.has(Role.ADMIN)) {
            throw new Forbidden("this needs the role ADMIN, " + role);
        }
    }

    private static boolean isGet(final Request request) {
        return request.method().equals("GET");
    }

    private static Response useGet() {
        return Response.methodNotAllowed("GET");
    }

    private static int limit(final Request request) throws BadRequest {
        final String text = request.queryParam("limit").orElse(String.valueOf(DEFAULT_LIMIT));
        try {
            final int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (final NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("limit: must be 1.." + MAX_LIMIT);
    }

    private static JsonNode jsonObject(final Request request) throws BadRequest {
        try {
            final JsonNode body = JSON.readTree(request.body());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (final IOException e) {
            // answered below
        }
        throw new BadRequest("body: must be a JSON object");
    }

    private static WarningOutcomeKind outcomeKind(final JsonNode field) throws BadRequest {
        final String expected = "outcome: required, one of " + Arrays.toString(WarningOutcomeKind.values());
        if (field == null || !field.isTextual()) {
            throw new BadRequest(expected);
        }
        try {
            return WarningOutcomeKind.valueOf(field.asText());
        } catch (final IllegalArgumentException e) {
            throw new BadRequest(expected);
        }
    }

    /** Bad input: answered 400 with the message. */
    private static final class BadRequest extends Exception {

        BadRequest(final String message) {
            super(message, null, false, false);
        }
    }
}
