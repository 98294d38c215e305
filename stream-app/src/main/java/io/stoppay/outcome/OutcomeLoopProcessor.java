package io.stoppay.outcome;

import io.stoppay.access.Jurisdiction;
import io.stoppay.admin.ListAudits;
import io.stoppay.config.StopPayConfig;
import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.validation.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stoppay.internal.v1.IssuedNotice;
import stoppay.internal.v1.NoticeKind;
import stoppay.internal.v1.OutcomeLoopEntry;
import stoppay.internal.v1.OutcomeLoopInput;
import stoppay.v1.ListAudit;
import stoppay.v1.ListType;
import stoppay.v1.RiskListEntry;
import stoppay.v1.StopPaymentOutcome;
import stoppay.v1.StopPaymentOutcomeKind;
import stoppay.v1.SubjectType;
import stoppay.v1.WarningOutcome;

/**
 * The outcome loop of one task: joins each alert and warning StopPay issued with the outcomes that
 * answer it, in whichever order they arrive, both sides keyed {@code ALERT:<alertId>} or
 * {@code WARNING:<warningId>} (co-partitioned through the loop's repartition topics).
 *
 * <ul>
 *   <li><b>Join.</b> The store {@value #STORE} keeps per notice what StopPay issued
 *       ({@link IssuedNotice}) and the first record of each distinct outcome. An outcome that comes
 *       first waits there for its notice; when the second side arrives, each outcome is joined and
 *       forwarded once as a {@link JoinedOutcome}, and counted per rule that fired on the payment
 *       ({@code stoppay_rule_outcomes_total}).</li>
 *   <li><b>Duplicates and conflicts.</b> An outcome a notice already has (the same
 *       {@code outcome}, whatever its actedAt or note: a feeder's retry, a replay) changes nothing
 *       and is counted in {@code stoppay_outcomes_duplicate_total}. A different outcome for the same
 *       notice is kept and counted too: each distinct outcome counts once, and the latest
 *       {@code actedAt} among them is the notice's state. A CONFIRMED_FRAUD listing, once made,
 *       is not withdrawn by a later outcome: a wrongly listed account is released by appeal, at
 *       its source, through the admin API or CLI, with its audit trail.</li>
 *   <li><b>CONFIRMED_FRAUD</b> lists the payment's payee account as FRAUD_ACCOUNT, level 3, under
 *       {@code ACCOUNT:<payee>|<bankCode>} with the bank as source, the alert as its case, and a
 *       LISTED audit record ({@link ListAudits}, via {@value ListAudits#VIA_BANK_OUTCOME}); both
 *       records are written in the task's transaction.</li>
 *   <li><b>Deadlines</b> (wall clock, checked every {@link #CHECK_INTERVAL}): a notice without an
 *       outcome past its overdue time (alerts {@code stoppay.outcome.overdue.ms}, warnings
 *       {@code stoppay.outcome.warning.overdue.ms}, from its issuedAt) counts in the gauge
 *       {@code stoppay_outcomes_overdue} until answered or expired. Every entry is removed
 *       {@code stoppay.outcome.retention.ms} after it was created: an outcome whose notice never came
 *       is counted in {@code stoppay_outcomes_unmatched_total}, a notice never answered in
 *       {@code stoppay_outcomes_unanswered_total}. Deadlines are an index store ({@value #DEADLINES})
 *       ordered by time, so a check reads only what is due.</li>
 * </ul>
 *
 * <p>The overdue count of the task is kept in {@value #OVERDUE_COUNTS}, so it survives restarts
 * and moves with the task; the gauge sums the counts of the tasks this instance runs.
 *
 * <p>Logs name ids and kinds, never an account, a note or a reason.
 */
public final class OutcomeLoopProcessor implements Processor<String, OutcomeLoopInput, String, JoinedOutcome> {

    public static final String STORE = "outcome-loop";
    public static final String DEADLINES = "outcome-loop-deadlines";
    public static final String OVERDUE_COUNTS = "outcome-loop-overdue";

    /** How often due deadlines are looked for; overdue and expiry are minutes to days, so 10 s is precise enough. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);
    /** At most this many deadlines per check, so that a check after a long pause does not stall the thread. */
    static final int MAX_DEADLINES_PER_CHECK = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeLoopProcessor.class);
    /** The dead-letter reason, and the refusal's, of a warning outcome from outside the warning's region. */
    public static final String WARNING_REGION_MISMATCH = "WARNING_REGION_MISMATCH";

    private final Settings settings;
    private final InterceptionMetrics metrics;
    private ProcessorContext<String, JoinedOutcome> context;
    private KeyValueStore<String, OutcomeLoopEntry> entries;
    private KeyValueStore<String, String> deadlines;
    private KeyValueStore<String, Long> overdueCounts;
    private String task;

    /**
     * @param retentionMs        millis an entry is kept after it was created
     * @param alertOverdueMs     millis after its issuedAt an unanswered alert is overdue
     * @param warningOverdueMs   millis after its issuedAt an unanswered warning is overdue
     */
    public record Settings(long retentionMs, long alertOverdueMs, long warningOverdueMs) {

        public static Settings from(final StopPayConfig config) {
            return new Settings(config.longValue(StopPayConfig.OUTCOME_RETENTION_MS),
                    config.longValue(StopPayConfig.OUTCOME_OVERDUE_MS),
                    config.longValue(StopPayConfig.OUTCOME_WARNING_OVERDUE_MS));
        }

        long overdueMs(final NoticeKind kind) {
            return kind == NoticeKind.STOP_PAYMENT_ALERT ? alertOverdueMs : warningOverdueMs;
        }
    }

    public OutcomeLoopProcessor(final Settings settings, final InterceptionMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** The loop's stores, with changelogs; the entries and deadlines cached, since a notice is often written twice a commit. */
    public static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        AvroSerde.of(OutcomeLoopEntry.class)).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINES), Serdes.String(), Serdes.String())
                        .withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OVERDUE_COUNTS), Serdes.String(), Serdes.Long()));
    }

    @Override
    public void init(final ProcessorContext<String, JoinedOutcome> context) {
        this.context = context;
        this.entries = context.getStateStore(STORE);
        this.deadlines = context.getStateStore(DEADLINES);
        this.overdueCounts = context.getStateStore(OVERDUE_COUNTS);
        this.task = context.taskId().toString();
        for (final NoticeKind kind : NoticeKind.values()) {
            metrics.overdueNotices(task, kind, overdue(kind));
        }
        context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::checkDeadlines);
    }

    @Override
    public void process(final Record<String, OutcomeLoopInput> record) {
        final String key = record.key();
        final OutcomeLoopInput input = record.value();
        if (key == null || input == null) {
            return;
        }
        final long now = context.currentSystemTimeMs();
        OutcomeLoopEntry entry = entries.get(key);
        if (entry == null) {
            entry = OutcomeLoopEntry.newBuilder().setIssued(null).setCreatedAt(Instant.ofEpochMilli(now)).build();
            addDeadline(now + settings.retentionMs(), Deadline.EXPIRE, key);
        }
        if (input.getIssued() != null) {
            if (entry.getIssued() != null) {
                return; // the same notice again (a replay): already joined
            }
            issued(key, entry, input.getIssued(), record);
        } else if (input.getAlertOutcome() != null) {
            if (!answered(key, entry, input.getAlertOutcome().getOutcome().name(), NoticeKind.STOP_PAYMENT_ALERT)) {
                return;
            }
            entry.getAlertOutcomes().add(input.getAlertOutcome());
            joinIfIssued(entry, input.getAlertOutcome(), record);
        } else if (input.getWarningOutcome() != null) {
            if (entry.getIssued() != null && !fromItsJurisdiction(entry.getIssued(), input.getWarningOutcome())) {
                throw new InvalidRecordException(WARNING_REGION_MISMATCH, "warning outcome "
                        + input.getWarningOutcome().getWarningId() + " comes from region "
                        + input.getWarningOutcome().getRegionCode() + ", which does not cover the warning's region "
                        + entry.getIssued().getRegionCode());
            }
            if (!answered(key, entry, input.getWarningOutcome().getOutcome().name(), NoticeKind.POLICE_WARNING)) {
                return;
            }
            entry.getWarningOutcomes().add(input.getWarningOutcome());
            joinIfIssued(entry, input.getWarningOutcome(), record);
        } else {
            return;
        }
        entries.put(key, entry);
    }

    /**
     * The notice arrived: join the outcomes that came first, or wait for one until it is overdue. A
     * warning outcome that came first from a centre whose region does not cover the warning's is
     * dropped and counted: it was valid when it arrived, so it could not be dead-lettered then.
     */
    private void issued(final String key, final OutcomeLoopEntry entry, final IssuedNotice notice,
                        final Record<String, OutcomeLoopInput> record) {
        entry.setIssued(notice);
        final List<WarningOutcome> fitting = entry.getWarningOutcomes().stream()
                .filter(outcome -> fromItsJurisdiction(notice, outcome)).collect(Collectors.toCollection(ArrayList::new));
        final int dropped = entry.getWarningOutcomes().size() - fitting.size();
        if (dropped > 0) {
            entry.setWarningOutcomes(fitting);
            metrics.outcomesRefused(NoticeKind.POLICE_WARNING, WARNING_REGION_MISMATCH, dropped);
            LOG.atWarn().setMessage("warning outcomes from a region that does not cover the warning's dropped")
                    .addKeyValue("notice", key).addKeyValue("count", dropped).log();
        }
        if (!hasOutcome(entry)) {
            addDeadline(notice.getIssuedAt().toEpochMilli() + settings.overdueMs(notice.getKind()), Deadline.OVERDUE, key);
            return;
        }
        for (final StopPaymentOutcome outcome : entry.getAlertOutcomes()) {
            join(notice, outcome, record);
        }
        for (final WarningOutcome outcome : entry.getWarningOutcomes()) {
            join(notice, outcome, record);
        }
    }

    /** A centre answers the warnings of its region and of those it covers (a city's centre its districts'). */
    private static boolean fromItsJurisdiction(final IssuedNotice notice, final WarningOutcome outcome) {
        return Jurisdiction.covers(outcome.getRegionCode(), notice.getRegionCode());
    }

    /**
     * False, and counted, when the notice already has this outcome; and when the outcome names the
     * other kind of notice than its key (not possible from the loop's own keys, kept for safety).
     */
    private boolean answered(final String key, final OutcomeLoopEntry entry, final String outcome, final NoticeKind kind) {
        final boolean known = kind == NoticeKind.STOP_PAYMENT_ALERT
                ? entry.getAlertOutcomes().stream().anyMatch(o -> o.getOutcome().name().equals(outcome))
                : entry.getWarningOutcomes().stream().anyMatch(o -> o.getOutcome().name().equals(outcome));
        if (known) {
            metrics.outcomeDuplicate(kind);
            LOG.atDebug().setMessage("duplicate outcome ignored").addKeyValue("notice", key)
                    .addKeyValue("outcome", outcome).log();
            return false;
        }
        return true;
    }

    private void joinIfIssued(final OutcomeLoopEntry entry, final Object outcome,
                              final Record<String, OutcomeLoopInput> record) {
        final IssuedNotice notice = entry.getIssued();
        if (notice == null) {
            return;
        }
        if (entry.getOverdue()) {
            // Answered late: no longer overdue.
            entry.setOverdue(false);
            changeOverdue(notice.getKind(), -1);
        }
        if (outcome instanceof StopPaymentOutcome alertOutcome) {
            join(notice, alertOutcome, record);
        } else {
            join(notice, (WarningOutcome) outcome, record);
        }
    }

    private void join(final IssuedNotice notice, final StopPaymentOutcome outcome,
                      final Record<String, OutcomeLoopInput> record) {
        final Optional<ListChange> listing = outcome.getOutcome() == StopPaymentOutcomeKind.CONFIRMED_FRAUD
                ? Optional.of(confirmedFraud(notice, outcome, Instant.ofEpochMilli(context.currentSystemTimeMs())))
                : Optional.empty();
        emit(new JoinedOutcome(notice, outcome.getOutcome().name(), outcome.getActedAt(), outcome.getOperator(), listing),
                record);
    }

    private void join(final IssuedNotice notice, final WarningOutcome outcome,
                      final Record<String, OutcomeLoopInput> record) {
        emit(new JoinedOutcome(notice, outcome.getOutcome().name(), outcome.getActedAt(), outcome.getOfficer(),
                Optional.empty()), record);
    }

    private void emit(final JoinedOutcome joined, final Record<String, OutcomeLoopInput> record) {
        metrics.outcomeJoined(joined.notice().getKind(), joined.outcome(), joined.notice().getRuleIds());
        LOG.atDebug().setMessage("outcome joined").addKeyValue("kind", joined.notice().getKind())
                .addKeyValue("noticeId", joined.notice().getNoticeId()).addKeyValue("outcome", joined.outcome()).log();
        context.forward(record.withValue(joined));
    }

    /**
     * The payee account listed as FRAUD_ACCOUNT by the confirming bank: key {@code ACCOUNT:<payee>|<bankCode>}
     * (canonical, as the admin API writes it), the alert as its case, and its audit record, whose id
     * derives from the alert so that a consumer of the audit trail can dedupe; {@code at} is when
     * StopPay made the change.
     */
    static ListChange confirmedFraud(final IssuedNotice notice, final StopPaymentOutcome outcome, final Instant at) {
        final String bank = CanonicalIdentifiers.trimBlanks(outcome.getBankCode());
        final RiskListEntry entry = RiskListEntry.newBuilder()
                .setSubjectType(SubjectType.ACCOUNT)
                .setSubjectId(CanonicalIdentifiers.accountId(notice.getPayeeAccountId()))
                .setListType(ListType.FRAUD_ACCOUNT)
                .setRiskLevel(3)
                .setSource(bank)
                .setCaseId(notice.getNoticeId())
                .setReason("CONFIRMED_FRAUD by bank " + bank + " on stop-payment alert " + notice.getNoticeId()
                        + ", txn " + notice.getTxnId())
                .setListedAt(outcome.getActedAt())
                .setExpiresAt(null)
                .build();
        final String auditId = UUID.nameUUIDFromBytes(("confirmed-fraud:" + notice.getNoticeId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        final ListAudit audit = ListAudits.listed(entry, auditId, outcome.getOperator(), ListAudits.VIA_BANK_OUTCOME, at);
        return new ListChange(ListAudits.listingOf(entry).written(), entry, ListAudits.auditKey(audit), audit);
    }

    private void checkDeadlines(final long now) {
        final List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = deadlines.range(null, Deadline.after(now))) {
            while (it.hasNext() && due.size() < MAX_DEADLINES_PER_CHECK) {
                due.add(it.next().key);
            }
        }
        for (final String deadlineKey : due) {
            deadlines.delete(deadlineKey);
            final Deadline deadline = Deadline.parse(deadlineKey);
            final String key = deadline.noticeKey();
            final OutcomeLoopEntry entry = entries.get(key);
            if (entry == null) {
                continue;
            }
            if (deadline.type().equals(Deadline.OVERDUE)) {
                becameOverdue(key, entry);
            } else {
                expire(key, entry);
            }
        }
    }

    private void becameOverdue(final String key, final OutcomeLoopEntry entry) {
        if (entry.getIssued() == null || hasOutcome(entry) || entry.getOverdue()) {
            return;
        }
        entry.setOverdue(true);
        entries.put(key, entry);
        changeOverdue(entry.getIssued().getKind(), 1);
        LOG.atDebug().setMessage("notice overdue").addKeyValue("notice", key).log();
    }

    private void expire(final String key, final OutcomeLoopEntry entry) {
        entries.delete(key);
        final IssuedNotice notice = entry.getIssued();
        if (notice == null) {
            final NoticeKind kind = key.startsWith(IssuedNotices.ALERT_PREFIX) ? NoticeKind.STOP_PAYMENT_ALERT
                    : NoticeKind.POLICE_WARNING;
            metrics.outcomesUnmatched(kind, entry.getAlertOutcomes().size() + entry.getWarningOutcomes().size());
            LOG.atDebug().setMessage("outcome never matched an alert or warning; forgotten").addKeyValue("notice", key).log();
            return;
        }
        if (!hasOutcome(entry)) {
            metrics.noticeUnanswered(notice.getKind());
        }
        if (entry.getOverdue()) {
            changeOverdue(notice.getKind(), -1);
        }
    }

    private static boolean hasOutcome(final OutcomeLoopEntry entry) {
        return !entry.getAlertOutcomes().isEmpty() || !entry.getWarningOutcomes().isEmpty();
    }

    private void addDeadline(final long at, final String type, final String key) {
        deadlines.put(new Deadline(Math.max(0, at), type, key).key(), "");
    }

    private long overdue(final NoticeKind kind) {
        final Long count = overdueCounts.get(kind.name());
        return count == null ? 0 : count;
    }

    private void changeOverdue(final NoticeKind kind, final int delta) {
        final long count = Math.max(0, overdue(kind) + delta);
        overdueCounts.put(kind.name(), count);
        metrics.overdueNotices(task, kind, count);
    }

    @Override
    public void close() {
        if (task != null) {
            metrics.forgetOverdueNotices(task);
        }
    }
}
