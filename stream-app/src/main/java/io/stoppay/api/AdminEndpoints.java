package io.stoppay.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.stoppay.access.GuardedEndpoint;
import io.stoppay.access.Principal;
import io.stoppay.admin.InvalidListRequestException;
import io.stoppay.admin.ListFile;
import io.stoppay.admin.ListMaintenance;
import io.stoppay.admin.ListRequestRules;
import io.stoppay.admin.ListWriteException;
import io.stoppay.admin.StandingListings;
import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.privacy.Mask;
import io.stoppay.restriction.ListingKey;
import io.stoppay.restriction.SubjectKey;
import io.stoppay.topology.InterceptionTopology;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import stoppay.v1.ListAudit;
import stoppay.v1.ListType;
import stoppay.v1.Restriction;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * The list admin API under {@code /v1/admin/lists}, for a principal of the access file with the
 * ADMIN role ({@link io.stoppay.access.Access#require} answers 400, 401 and 403 before this sees a
 * request):
 *
 * <ul>
 *   <li>{@code POST /v1/admin/lists} — list a subject (JSON entry), as the listing of its
 *       {@code source} ({@code TYPE:id|source}): other sources' listings stand;</li>
 *   <li>{@code POST /v1/admin/lists/{type}/{id}/release} — release a source's listing of a
 *       subject (appeal upheld): {@code reason} required, {@code source} required when several
 *       sources list it (409 otherwise, naming them);</li>
 *   <li>{@code POST /v1/admin/lists/bulk} — load a CSV list file, all or nothing.</li>
 * </ul>
 *
 * <p>The operator recorded with every change and in its audit record is the caller's principal
 * name: an audit trail is only worth what its names are, and a name typed into a request is
 * anyone's. A request may still name its {@code operator} (JSON field, or {@code ?operator=} for
 * a bulk load), as clients of the former shared token did; a name other than the principal's is
 * refused with 400.
 *
 * <p>Each change and its audit record are written in one Kafka transaction ({@link ListMaintenance}).
 * Bad input: 400 naming the field, and nothing is written.
 */
public final class AdminEndpoints implements GuardedEndpoint {

    private final ListMaintenance lists;
    private final Function<SubjectKey, Map<ListingKey, RiskListEntry>> standing;
    private final KafkaStreams streams;
    private final Clock clock;

    /**
     * @param standing the listings of a subject that stand on {@code risk.lists.v1} (as
     *        {@link StandingListings#of}: read to the topic's end, so a listing written a moment
     *        ago is there and one released a moment ago is not); throws {@link ListWriteException}
     *        when the topic cannot be read in time
     * @param streams  the decisions' client, whose restriction statuses say through which listing
     *        a subject listed by no one itself is restricted
     */
    public AdminEndpoints(final ListMaintenance lists,
                          final Function<SubjectKey, Map<ListingKey, RiskListEntry>> standing,
                          final KafkaStreams streams, final Clock clock) {
        this.lists = lists;
        this.standing = standing;
        this.streams = streams;
        this.clock = clock;
    }

    /**
     * Synchronized: a change reads what stands, then writes; two requests interleaved on one
     * instance would both release the same listing (two RELEASED audit records for one release).
     */
    @Override
    public synchronized Response handle(final Request request, final Principal caller) {
        if (!request.method().equals("POST")) {
            return Response.methodNotAllowed("POST");
        }
        final List<String> path = request.pathParams();
        final boolean bulk = path.size() == 1 && path.get(0).equals("bulk");
        final String mediaType = bulk ? ListFile.MEDIA_TYPE : Response.JSON_TYPE;
        if (!request.hasContentType(mediaType)) {
            return Response.unsupportedMediaType(mediaType);
        }
        try {
            if (path.isEmpty()) {
                return list(request, caller);
            }
            if (bulk) {
                return load(request, caller);
            }
            if (path.size() == 3 && path.get(2).equals("release")) {
                return release(path.get(0), path.get(1), request, caller);
            }
            return Response.error(404, "path: POST /v1/admin/lists, /v1/admin/lists/bulk or "
                    + "/v1/admin/lists/{type}/{id}/release");
        } catch (final InvalidListRequestException e) {
            return Response.error(400, e.getMessage());
        } catch (final ListWriteException e) {
            return e.outcomeUnknown()
                    ? Response.error(503, e.getMessage() + "; it may have been written: look for its audit record")
                    : Response.unavailable(e.getMessage() + "; nothing was written, retry");
        }
    }

    /**
     * The operator of a change: the caller's principal name. A request that names another one is
     * refused rather than corrected, so that a script sending its own operator learns that the
     * name it sends is not the one recorded.
     */
    private static String operator(final Principal caller, final Optional<String> named) {
        if (named.isPresent() && !named.get().equals(caller.name())) {
            throw InvalidListRequestException.of("operator", "comes from the token, whose principal is "
                    + caller.name() + "; leave it out or send that name");
        }
        return caller.name();
    }

    private Response list(final Request request, final Principal caller) {
        final JsonNode body = jsonBody(request);
        final String operator = operator(caller, namedOperator(body));
        final RiskListEntry entry = RiskListEntry.newBuilder()
                .setSubjectType(enumField(body, "subjectType", SubjectType.class))
                .setSubjectId(requiredText(body, "subjectId"))
                .setListType(enumField(body, "listType", ListType.class))
                .setRiskLevel(intField(body, "riskLevel"))
                .setSource(requiredText(body, "source"))
                .setCaseId(optionalText(body, "caseId"))
                .setReason(optionalText(body, "reason"))
                .setListedAt(clock.instant())
                .setExpiresAt(optionalInstant(body, "expiresAt"))
                .build();
        ListRequestRules.checkEntry(entry, clock.instant());
        final String source = CanonicalIdentifiers.trimBlanks(entry.getSource());
        final SubjectKey subject = SubjectKey.of(entry.getSubjectType(), entry.getSubjectId());
        final String ownKey = ListingKey.bySource(subject, source).written();
        // The same source's listings under other keys (a feeder's spelling, a v1 key): replaced, not kept beside it.
        final List<ListingKey> replaced = StandingListings.bySource(standing.apply(subject), source).stream()
                .filter(key -> !key.written().equals(ownKey)).toList();
        final Map<String, Object> answer = audit(lists.list(entry, operator, replaced));
        answer.put("replacedListings", replaced.size());
        return Response.json(201, answer);
    }

    private Response release(final String typeText, final String id, final Request request,
                             final Principal caller) {
        final SubjectType type = parseEnum("type", typeText, SubjectType.class);
        final JsonNode body = jsonBody(request);
        final String reason = requiredText(body, "reason");
        final String operator = operator(caller, namedOperator(body));
        final Optional<String> source = Optional.ofNullable(optionalText(body, "source"))
                .map(CanonicalIdentifiers::trimBlanks).filter(text -> !text.isEmpty());
        source.ifPresent(ListRequestRules::requireSource);
        final SubjectKey subject = ListRequestRules.checkRelease(type, id, reason, operator);
        final Map<ListingKey, RiskListEntry> listings = standing.apply(subject);
        final List<String> sources = listings.entrySet().stream()
                .map(listed -> StandingListings.sourceOf(listed.getKey(), listed.getValue())).distinct().sorted()
                .toList();
        final Optional<Response> refused = refuseRelease(subject, sources, source);
        if (refused.isPresent()) {
            return refused.get();
        }
        final String released = source.orElse(sources.get(0));
        final List<ListAudit> audits = lists.release(StandingListings.bySource(listings, released), reason,
                operator);
        final Map<String, Object> answer = audit(audits.get(0));
        answer.put("source", released);
        answer.put("auditIds", audits.stream().map(ListAudit::getAuditId).toList());
        return Response.json(200, answer);
    }

    /**
     * Why a release cannot go ahead, if it cannot: the subject is not listed itself (releasing one
     * only linked to a listing would lift nothing), not by the named source, or by several sources
     * of which none was named.
     */
    private Optional<Response> refuseRelease(final SubjectKey subject, final List<String> sources,
                                             final Optional<String> source) {
        final String masked = subject.type() + ":" + Mask.subject(subject.type(), subject.id());
        if (sources.isEmpty()) {
            return Optional.of(restrictedThrough(subject)
                    .map(via -> Response.error(409, masked + " is not listed itself; it is restricted through "
                            + via.getListedType() + ":" + Mask.subject(via.getListedType(), via.getListedId())
                            + " (release that entry or remove the linkage)"))
                    .orElseGet(() -> Response.error(404, masked + " is not listed")));
        }
        if (source.isPresent() && !sources.contains(source.get())) {
            return Optional.of(Response.error(404, masked + " is not listed by source " + source.get()
                    + "; it is listed by " + String.join(", ", sources)));
        }
        if (source.isEmpty() && sources.size() > 1) {
            return Optional.of(Response.error(409, "source: required, " + masked + " is listed by "
                    + sources.size() + " sources (" + String.join(", ", sources) + "); name the one whose listing "
                    + "is released"));
        }
        return Optional.empty();
    }

    /**
     * The listing that restricts a subject listed by no one itself, from the graph's published
     * status: only to say which entry to release instead, so a status a moment behind does no harm.
     * Only a listing of another subject counts: the subject's own (0 hops) in a status a moment
     * behind is one just released.
     */
    private Optional<Restriction> restrictedThrough(final SubjectKey subject) {
        try {
            return statusOf(subject).flatMap(status -> status.getRestrictions().stream()
                    .filter(restriction -> restriction.getHops() > 0).findFirst());
        } catch (final InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    private Optional<RestrictionStatus> statusOf(final SubjectKey subject) {
        final ReadOnlyKeyValueStore<String, RestrictionStatus> store = streams.store(StoreQueryParameters
                .fromNameAndType(InterceptionTopology.RESTRICTED_SUBJECTS, QueryableStoreTypes.keyValueStore()));
        return Optional.ofNullable(store.get(subject.toString()));
    }

    private Response load(final Request request, final Principal caller) {
        final String operator = operator(caller, request.queryParam("operator").filter(value -> !value.isBlank()));
        final List<RiskListEntry> entries = ListFile.parse(new ByteArrayInputStream(request.body()), clock.instant());
        final List<ListAudit> audits = lists.load(entries, operator);
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("loaded", audits.size());
        answer.put("operator", operator);
        return Response.json(200, answer);
    }

    private static Map<String, Object> audit(final ListAudit audit) {
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("auditId", audit.getAuditId());
        answer.put("action", audit.getAction().name());
        answer.put("subjectType", audit.getSubjectType().name());
        answer.put("subjectId", audit.getSubjectId());
        answer.put("operator", audit.getOperator());
        answer.put("reason", audit.getReason());
        answer.put("source", audit.getEntry() == null ? null : audit.getEntry().getSource());
        answer.put("at", audit.getAt().toString());
        return answer;
    }

    private static JsonNode jsonBody(final Request request) {
        try {
            final JsonNode body = Response.JSON.readTree(request.body());
            if (body == null || !body.isObject()) {
                throw InvalidListRequestException.of("body", "must be a JSON object");
            }
            return body;
        } catch (final JsonProcessingException e) {
            throw InvalidListRequestException.of("body", "not valid JSON");
        } catch (final IOException e) {
            throw InvalidListRequestException.of("body", "unreadable");
        }
    }

    /** The operator a request names, if any: a blank one names none. */
    private static Optional<String> namedOperator(final JsonNode body) {
        return Optional.ofNullable(optionalText(body, "operator")).filter(value -> !value.isBlank());
    }

    private static String requiredText(final JsonNode body, final String field) {
        final String value = optionalText(body, field);
        if (value == null || value.isBlank()) {
            throw InvalidListRequestException.of(field, "required");
        }
        return value;
    }

    private static String optionalText(final JsonNode body, final String field) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw InvalidListRequestException.of(field, "must be a string");
        }
        return node.asText();
    }

    private static int intField(final JsonNode body, final String field) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw InvalidListRequestException.of(field, "required");
        }
        if (!node.isInt()) {
            throw InvalidListRequestException.of(field, "must be an integer");
        }
        return node.asInt();
    }

    private static Instant optionalInstant(final JsonNode body, final String field) {
        final String text = optionalText(body, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (final DateTimeParseException e) {
            throw InvalidListRequestException.of(field, "must be an ISO-8601 instant such as 2026-12-31T00:00:00Z");
        }
    }

    private static <E extends Enum<E>> E enumField(final JsonNode body, final String field, final Class<E> type) {
        return parseEnum(field, requiredText(body, field), type);
    }

    private static <E extends Enum<E>> E parseEnum(final String field, final String text, final Class<E> type) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            throw InvalidListRequestException.of(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
