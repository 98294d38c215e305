package io.stoppay.admin;

import io.stoppay.config.StopPayConfig;
import io.stoppay.privacy.Mask;
import io.stoppay.restriction.ListingKey;
import io.stoppay.topology.Topic;
import io.stoppay.topology.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stoppay.v1.ListAction;
import stoppay.v1.ListAudit;
import stoppay.v1.RiskListEntry;

/**
 * Operators' changes to the high-risk lists: list a subject, release it (appeal upheld, 申诉), or
 * load many entries at once. Used by the admin HTTP API and the {@code stoppay lists} CLI.
 *
 * <p>An entry is written under its source's key, {@code TYPE:id|source} in canonical form
 * (CONTRACT v1.1), so that listing a subject never replaces another source's listing of it, and
 * a release names the listings it lifts ({@link ListingKey}).
 *
 * <p>Each change writes the entry (or, to release, a tombstone) to {@code risk.lists.v1} and one
 * {@link ListAudit} record per subject to {@code risk.lists.audit.v1} (who, why, when, through
 * what) in <b>one Kafka transaction</b>: a read_committed reader, StopPay included, sees both or
 * neither, so no list change exists without its audit record. A load is one transaction too: all
 * of its entries or none.
 *
 * <p>A request is validated before anything is sent; a wrong one throws
 * {@link InvalidListRequestException} naming the field. A valid one that Kafka does not take throws
 * {@link ListWriteException} after the transaction was aborted. Methods are synchronized: HTTP
 * threads may share one instance, and their changes are written one transaction at a time.
 *
 * <p>Logs name the subject masked ({@link Mask#subject}), never its raw identifier, and never the
 * free-text reason (operators may write names into it).
 */
public final class ListMaintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ListMaintenance.class);

    /**
     * How long a call may wait for the cluster (metadata, buffer space, the transaction coordinator)
     * unless {@code kafka.max.block.ms} says otherwise: an HTTP request or a CLI run should fail in
     * seconds when the cluster is away, not after the client default of a minute.
     */
    private static final int DEFAULT_MAX_BLOCK_MS = 15_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Topic<String, RiskListEntry> lists;
    private final Topic<String, ListAudit> audit;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final String via;
    private final Clock clock;

    /** Null before the first call and after a fatal error, until the next call makes a new one. */
    private Producer<byte[], byte[]> producer;
    private boolean closed;

    ListMaintenance(final Topics topics, final Supplier<Producer<byte[], byte[]>> producers, final String via,
                    final Clock clock) {
        this.lists = topics.lists();
        this.audit = topics.listAudit();
        this.producers = producers;
        this.via = ListRequestRules.requireText("via", via);
        this.clock = clock;
    }

    /**
     * Connects to the cluster of {@code config} (its {@code kafka.*} settings: bootstrap servers,
     * TLS, SASL) and starts the transactional producer, so that a wrong setting or an unreachable
     * cluster fails here rather than on the first change.
     *
     * @param via what makes the changes, recorded in every audit record: {@code http-api}, {@code cli}, ...
     */
    public static ListMaintenance connect(final StopPayConfig config, final String via) {
        return connect(config, via, Clock.systemUTC());
    }

    /** As {@link #connect(StopPayConfig, String)}, with the clock that stamps audit records. */
    public static ListMaintenance connect(final StopPayConfig config, final String via, final Clock clock) {
        final ListMaintenance maintenance = new ListMaintenance(Topics.from(config), () -> newProducer(config), via,
                clock);
        synchronized (maintenance) {
            maintenance.producer();
        }
        return maintenance;
    }

    /**
     * Lists {@code entry} under its source's key (replacing that source's listing of the subject,
     * leaving other sources' listings) and records who did it.
     *
     * @return the audit record written with it
     * @throws InvalidListRequestException when the entry or the operator is not valid; nothing is written
     * @throws ListWriteException when Kafka did not take the change
     */
    public synchronized ListAudit list(final RiskListEntry entry, final String operator) {
        return list(entry, operator, List.of());
    }

    /**
     * Lists {@code entry} under its source's key and, in the same transaction, releases
     * {@code replaced}: the same source's listings of the subject under other keys (a feeder's
     * spelling, a v1 key), so that the new listing replaces them rather than standing beside
     * them. Each replaced listing gets a RELEASED audit record saying so.
     *
     * @return the LISTED audit record
     * @throws InvalidListRequestException when the entry or the operator is not valid; nothing is written
     * @throws ListWriteException when Kafka did not take the change
     */
    public synchronized ListAudit list(final RiskListEntry entry, final String operator,
                                       final List<ListingKey> replaced) {
        ListRequestRules.requireText("operator", operator);
        final Instant now = clock.instant();
        ListRequestRules.checkEntry(entry, now);
        final RiskListEntry written = RiskListEntry.newBuilder(entry).build();
        final ListAudit record = listed(written, operator, now);
        final List<ProducerRecord<byte[], byte[]>> toWrite = new ArrayList<>(List.of(listRecord(written),
                auditRecord(record)));
        final List<ListAudit> released = new ArrayList<>(replaced.size());
        for (final ListingKey listing : replaced) {
            final ListAudit release = released(listing, "replaced by the listing " + record.getListingKey(), operator,
                    now);
            released.add(release);
            toWrite.add(tombstone(listing));
            toWrite.add(auditRecord(release));
        }
        write(toWrite, record);
        logChange(record);
        released.forEach(this::logChange);
        return record;
    }

    /**
     * Releases listings (an appeal upheld at their source): writes a tombstone under each key and
     * one audit record per listing naming it, all in one transaction. A key under which nothing is
     * listed gets its tombstone and audit record all the same.
     *
     * @param listings the keys to release, as the listings were written ({@link ListingKey#written()})
     * @return the audit records, in the order of {@code listings}
     * @throws InvalidListRequestException when a field is missing (reason and operator are required); nothing is written
     * @throws ListWriteException when Kafka did not take the change
     */
    public synchronized List<ListAudit> release(final List<ListingKey> listings, final String reason,
                                                final String operator) {
        if (listings == null || listings.isEmpty()) {
            throw InvalidListRequestException.of("listings", "at least one listing to release required");
        }
        for (final ListingKey listing : listings) {
            ListRequestRules.checkRelease(listing.subject().type(), listing.subject().id(), reason, operator);
        }
        final Instant now = clock.instant();
        final List<ListAudit> records = new ArrayList<>(listings.size());
        final List<ProducerRecord<byte[], byte[]>> toWrite = new ArrayList<>(2 * listings.size());
        for (final ListingKey listing : listings) {
            final ListAudit record = released(listing, reason, operator, now);
            records.add(record);
            toWrite.add(tombstone(listing));
            toWrite.add(auditRecord(record));
        }
        write(toWrite, records.get(0));
        records.forEach(this::logChange);
        return List.copyOf(records);
    }

    /**
     * Lists every entry in one transaction: all of them are written, with their audit records, or
     * none. Every entry is validated first, and no two may name the same subject and source.
     *
     * @return the audit records, in the order of the entries
     * @throws InvalidListRequestException naming the first wrong entry ({@code "entries[3]: riskLevel: ..."})
     * @throws ListWriteException when Kafka did not take the load
     */
    public synchronized List<ListAudit> load(final List<RiskListEntry> entries, final String operator) {
        ListRequestRules.requireText("operator", operator);
        if (entries == null || entries.isEmpty()) {
            throw InvalidListRequestException.of("entries", "at least one entry required");
        }
        final Instant now = clock.instant();
        final Map<ListingKey, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            final RiskListEntry entry = entries.get(i);
            try {
                ListRequestRules.checkEntry(entry, now);
            } catch (final InvalidListRequestException e) {
                throw e.within("entries[" + i + "]");
            }
            final Integer first = seen.putIfAbsent(ListAudits.listingOf(entry), i);
            if (first != null) {
                throw InvalidListRequestException.of("subjectId", "the same subject and source as entries[" + first
                        + "]").within("entries[" + i + "]");
            }
        }
        final List<ListAudit> records = new ArrayList<>(entries.size());
        final List<ProducerRecord<byte[], byte[]>> toWrite = new ArrayList<>(2 * entries.size());
        for (final RiskListEntry entry : entries) {
            final RiskListEntry written = RiskListEntry.newBuilder(entry).build();
            final ListAudit record = listed(written, operator, now);
            records.add(record);
            toWrite.add(listRecord(written));
            toWrite.add(auditRecord(record));
        }
        write(toWrite, records.get(0));
        records.forEach(record -> LOG.atDebug().setMessage("risk list changed").addKeyValue("action", record.getAction())
                .addKeyValue("subjectType", record.getSubjectType())
                .addKeyValue("subject", Mask.subject(record.getSubjectType(), record.getSubjectId()))
                .addKeyValue("auditId", record.getAuditId()).log());
        LOG.atInfo().setMessage("risk list loaded").addKeyValue("entries", records.size())
                .addKeyValue("operator", operator).addKeyValue("via", via).log();
        return List.copyOf(records);
    }

    @Override
    public synchronized void close() {
        closed = true;
        discardProducer(CLOSE_TIMEOUT);
    }

    private ListAudit listed(final RiskListEntry entry, final String operator, final Instant now) {
        return ListAudits.listed(entry, UUID.randomUUID().toString(), operator, via, now);
    }

    private ListAudit released(final ListingKey listing, final String reason, final String operator,
                               final Instant now) {
        return ListAudit.newBuilder().setAuditId(UUID.randomUUID().toString()).setAction(ListAction.RELEASED)
                .setSubjectType(listing.subject().type()).setSubjectId(listing.subject().id()).setEntry(null)
                .setOperator(operator).setReason(reason).setVia(via).setAt(now).setListingKey(listing.written())
                .build();
    }

    private ProducerRecord<byte[], byte[]> tombstone(final ListingKey listing) {
        return new ProducerRecord<>(lists.name(), lists.keySerde().serializer().serialize(lists.name(),
                listing.written()), null);
    }

    private ProducerRecord<byte[], byte[]> listRecord(final RiskListEntry entry) {
        final String key = ListAudits.listingOf(entry).written();
        return new ProducerRecord<>(lists.name(), lists.keySerde().serializer().serialize(lists.name(), key),
                lists.valueSerde().serializer().serialize(lists.name(), entry));
    }

    private ProducerRecord<byte[], byte[]> auditRecord(final ListAudit record) {
        final String key = ListAudits.auditKey(record);
        return new ProducerRecord<>(audit.name(), audit.keySerde().serializer().serialize(audit.name(), key),
                audit.valueSerde().serializer().serialize(audit.name(), record));
    }

    /**
     * Writes the records in one transaction, or aborts it and throws. After an error the producer
     * cannot recover from (fenced, out of sequence, not authorised, interrupted, or an abort that
     * fails too) it is closed and the next call starts a new one, with a new transactional id.
     */
    private void write(final List<ProducerRecord<byte[], byte[]>> records, final ListAudit first) {
        final Producer<byte[], byte[]> current = producer();
        boolean committing = false;
        try {
            current.beginTransaction();
            for (final ProducerRecord<byte[], byte[]> record : records) {
                current.send(record);
            }
            committing = true;
            // Flushes every send and throws if any of them failed: then nothing is committed.
            current.commitTransaction();
        } catch (final KafkaException e) {
            final boolean outcomeUnknown = committing && (e instanceof TimeoutException || e instanceof InterruptException);
            if (outcomeUnknown || isFatal(e)) {
                // Closing abandons the open transaction; the coordinator aborts it after
                // transaction.timeout.ms unless its commit had already reached it.
                discardProducer(Duration.ZERO);
            } else {
                abort(current);
            }
            LOG.atWarn().setMessage("risk list change not written").addKeyValue("action", first.getAction())
                    .addKeyValue("subjectType", first.getSubjectType())
                    .addKeyValue("subject", Mask.subject(first.getSubjectType(), first.getSubjectId()))
                    .addKeyValue("records", records.size()).addKeyValue("operator", first.getOperator())
                    .addKeyValue("via", via).addKeyValue("outcomeUnknown", outcomeUnknown)
                    .addKeyValue("error", describe(e)).log();
            throw new ListWriteException(describeFailure(first, records.size(), e, outcomeUnknown), e, outcomeUnknown);
        }
    }

    private void abort(final Producer<byte[], byte[]> current) {
        try {
            current.abortTransaction();
        } catch (final KafkaException e) {
            // The producer is in a state it cannot leave: start afresh on the next call.
            discardProducer(Duration.ZERO);
        }
    }

    private String describeFailure(final ListAudit first, final int records, final KafkaException e,
                                   final boolean outcomeUnknown) {
        final String what = records > 2
                ? (first.getAction() == ListAction.RELEASED ? "the release of " + records / 2 + " listings"
                        : "the load of " + records / 2 + " entries")
                : "the change " + first.getAction() + " " + first.getSubjectType() + ":"
                        + Mask.subject(first.getSubjectType(), first.getSubjectId());
        final String outcome = outcomeUnknown
                ? "it may or may not have been written: look for audit record " + first.getAuditId() + " on "
                        + audit.name() + " before repeating it"
                : "nothing was written";
        return "Kafka did not take " + what + " (" + describe(e) + "); " + outcome;
    }

    /** The innermost cause, which says what went wrong ("in an error state" says only that something did). */
    private static String describe(final Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** The errors after which the Kafka producer documents that it can only be closed. */
    private static boolean isFatal(final KafkaException e) {
        return e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException
                || e instanceof AuthorizationException || e instanceof AuthenticationException
                || e instanceof UnsupportedVersionException || e instanceof InterruptException;
    }

    /** The producer, started if there is none; callers hold the lock. */
    private Producer<byte[], byte[]> producer() {
        if (closed) {
            throw new IllegalStateException("ListMaintenance is closed");
        }
        if (producer == null) {
            final Producer<byte[], byte[]> started = producers.get();
            try {
                started.initTransactions();
            } catch (final KafkaException e) {
                started.close(Duration.ZERO);
                throw new ListWriteException("cannot start the list producer (" + describe(e) + "); nothing was written",
                        e, false);
            }
            producer = started;
        }
        return producer;
    }

    private void discardProducer(final Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (final KafkaException e) {
                LOG.atWarn().setMessage("list producer did not close cleanly").addKeyValue("error", e.toString()).log();
            } finally {
                producer = null;
            }
        }
    }

    private void logChange(final ListAudit record) {
        LOG.atInfo().setMessage("risk list changed").addKeyValue("action", record.getAction())
                .addKeyValue("subjectType", record.getSubjectType())
                .addKeyValue("subject", Mask.subject(record.getSubjectType(), record.getSubjectId()))
                .addKeyValue("listType", record.getEntry() == null ? null : record.getEntry().getListType())
                .addKeyValue("source", ListingKey.parse(record.getListingKey()).flatMap(ListingKey::source).orElse(null))
                .addKeyValue("operator", record.getOperator()).addKeyValue("via", via)
                .addKeyValue("auditId", record.getAuditId()).log();
    }

    /**
     * One transactional producer for this process. The transactional id is unique per process
     * ({@code <applicationId>-list-admin-<random UUID>}): every call is a transaction of its own that
     * reads nothing and commits no consumer offsets, so there is no zombie to fence. A fixed id
     * would make every HTTP instance and every CLI run fence the others and fail their in-flight
     * changes. The price: a process that dies mid-transaction leaves it open until the broker aborts
     * it after {@code transaction.timeout.ms}, delaying read_committed readers of those partitions.
     */
    private static Producer<byte[], byte[]> newProducer(final StopPayConfig config) {
        final Map<String, Object> props = new HashMap<>(config.kafka());
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, DEFAULT_MAX_BLOCK_MS);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.applicationId() + "-list-admin-" + UUID.randomUUID());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
