package io.stoppay.audit;

import io.stoppay.access.GuardedEndpoint;
import io.stoppay.access.Principal;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import io.stoppay.schemas.AvroSerde;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import stoppay.v1.SubjectReadAudit;
import stoppay.v1.SubjectType;

/**
 * {@code GET /v1/audit/subject-reads?principal=&type=&id=&from=&to=&limit=}, for the ADMIN role:
 * the audit records of subject reads in {@code [from, to)} (ISO-8601 instants; {@code to} defaults
 * to now, {@code from} to a day before {@code to}), filtered by principal, subject type and id
 * when given, newest first, at most {@code limit} (default {@value #DEFAULT_LIMIT}, at most
 * {@value #MAX_LIMIT}). Reads the audit topic from the offsets of {@code from} to its end as of the
 * request; answers 503 when the topic cannot be read to its end within {@value #READ_TIMEOUT_SECONDS} s.
 */
public final class ReadAuditSearch implements GuardedEndpoint {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    static final long READ_TIMEOUT_SECONDS = 10;
    private static final AvroSerde<SubjectReadAudit> SERDE = AvroSerde.of(SubjectReadAudit.class);

    private final Map<String, Object> kafka;
    private final String topic;
    private final Clock clock;

    public ReadAuditSearch(final Map<String, Object> kafka, final String topic, final Clock clock) {
        this.kafka = kafka;
        this.topic = topic;
        this.clock = clock;
    }

    @Override
    public Response handle(final Request request, final Principal caller) {
        if (!request.method().equals("GET")) {
            return Response.methodNotAllowed("GET");
        }
        if (!request.pathParams().equals(List.of("subject-reads"))) {
            return Response.error(404, "path: /v1/audit/subject-reads");
        }
        final Optional<Instant> to = instant(request, "to", clock.instant());
        if (to.isEmpty()) {
            return Response.error(400, "to: must be an instant such as 2026-12-01T08:00:00Z");
        }
        final Optional<Instant> from = instant(request, "from", to.get().minus(Duration.ofDays(1)));
        if (from.isEmpty()) {
            return Response.error(400, "from: must be an instant such as 2026-12-01T08:00:00Z");
        }
        if (!from.get().isBefore(to.get())) {
            return Response.error(400, "from: must be before to");
        }
        final Optional<String> type = request.queryParam("type");
        if (type.isPresent() && Arrays.stream(SubjectType.values())
                .noneMatch(known -> known.name().equalsIgnoreCase(type.get()))) {
            return Response.error(400, "type: must be one of " + Arrays.toString(SubjectType.values()));
        }
        final int limit;
        try {
            limit = Integer.parseInt(request.queryParam("limit").orElse(Integer.toString(DEFAULT_LIMIT)));
        } catch (final NumberFormatException e) {
            return Response.error(400, "limit: must be a number from 1 to " + MAX_LIMIT);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return Response.error(400, "limit: must be a number from 1 to " + MAX_LIMIT);
        }
        final Predicate<SubjectReadAudit> wanted = audit -> !audit.getAt().isBefore(from.get())
                && audit.getAt().isBefore(to.get())
                && request.queryParam("principal").map(audit.getPrincipal()::equals).orElse(true)
                && type.map(wantedType -> audit.getSubjectType() != null
                        && audit.getSubjectType().name().equalsIgnoreCase(wantedType)).orElse(true)
                && request.queryParam("id").map(id -> sameSubject(audit, id)).orElse(true);
        final Optional<List<SubjectReadAudit>> found = read(from.get(), wanted);
        if (found.isEmpty()) {
            return Response.unavailable("the audit topic could not be read to its end within "
                    + READ_TIMEOUT_SECONDS + " s; retry shortly");
        }
        final List<Map<String, Object>> reads = found.get().stream()
                .sorted(Comparator.comparing(SubjectReadAudit::getAt).reversed()).limit(limit)
                .map(ReadAuditSearch::view).toList();
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from.get().toString());
        body.put("to", to.get().toString());
        body.put("matched", found.get().size());
        body.put("reads", reads);
        return Response.json(200, body);
    }

    private Optional<List<SubjectReadAudit>> read(final Instant from, final Predicate<SubjectReadAudit> wanted) {
        final Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "stoppay-read-audit-search");
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        final long deadline = System.nanoTime() + Duration.ofSeconds(READ_TIMEOUT_SECONDS).toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(partition -> query.put(partition, from.toEpochMilli()));
            final Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query);
            for (final TopicPartition partition : partitions) {
                final OffsetAndTimestamp at = start.get(partition);
                consumer.seek(partition, at == null ? end.get(partition) : at.offset());
            }
            final List<SubjectReadAudit> found = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    return Optional.empty();
                }
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        final SubjectReadAudit audit = SERDE.decode(record.value());
                        if (wanted.test(audit)) {
                            found.add(audit);
                        }
                    }
                }
            }
            return Optional.of(found);
        }
    }

    /**
     * True when {@code id}, written in any form the subject query accepts, names the subject of
     * {@code audit}: reads are recorded as they were resolved (a phone in E.164, a card's digits).
     */
    static boolean sameSubject(final SubjectReadAudit audit, final String id) {
        return id.equals(audit.getSubjectId()) || audit.getSubjectType() != null
                && AuditedSubjectReads.recordedId(audit.getSubjectType(), id).equals(audit.getSubjectId());
    }

    private static Map<String, Object> view(final SubjectReadAudit audit) {
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("auditId", audit.getAuditId());
        view.put("at", audit.getAt().toString());
        view.put("principal", audit.getPrincipal());
        view.put("subjectType", audit.getSubjectType() == null ? null : audit.getSubjectType().name());
        view.put("subjectId", audit.getSubjectId());
        view.put("allowed", audit.getAllowed());
        view.put("status", audit.getStatus());
        view.put("reason", audit.getReason());
        view.put("remoteAddress", audit.getRemoteAddress());
        view.put("forwardedFor", audit.getForwardedFor());
        view.put("answeredBy", audit.getAnsweredBy());
        return view;
    }

    private static Optional<Instant> instant(final Request request, final String name, final Instant absent) {
        final Optional<String> text = request.queryParam(name).filter(value -> !value.isBlank());
        if (text.isEmpty()) {
            return Optional.of(absent);
        }
        try {
            return Optional.of(Instant.parse(text.get()));
        } catch (final DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
