package io.stoppay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoppay.topology.Interception;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import stoppay.internal.v1.NoticeKind;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RegionDailyStatistics;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;
import stoppay.v1.SubjectType;

/**
 * StopPay's own meters, recorded by the topology: what was decided, why, how fast, and what was
 * refused. Names are Micrometer's dotted names; the Prometheus registry turns
 * {@code stoppay.decisions} into {@code stoppay_decisions_total} and timers into
 * {@code _seconds} histograms (see the README's metrics table).
 *
 * <p>Counters count processing, not commits: a transaction aborted under exactly-once and retried
 * counts its records again. That is rare (a crash or fencing) and errs on the side of more.
 *
 * <p>Thread-safe: every stream thread records into the same meters.
 */
public final class InterceptionMetrics {

    /** The Kafka Streams property under which the instance hands this object to its exception handlers. */
    public static final String STREAMS_PROPERTY = "stoppay.internal.interception.metrics";

    private static final Duration LATENCY_MIN = Duration.ofMillis(1);
    private static final Duration LATENCY_MAX = Duration.ofSeconds(60);
    private static final Duration EVENT_AGE_MAX = Duration.ofHours(1);

    private final MeterRegistry registry;
    private final Timer latency;
    private final Timer eventAge;
    private final RulesetInForce ruleset;
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();
    private final DecisionLag decisionLag = new DecisionLag();
    /** Counted per graph record and read every pacing slot: looked up once, not per call. */
    /** Outcomes of {@link #backfilled}. */
    public static final String BACKFILL_RECORDED = "recorded";
    public static final String BACKFILL_DUPLICATE = "duplicate";

    private final Counter graphChanges;
    /** Per task of the outcome loop, its overdue notices by {@link NoticeKind} ordinal; the gauge sums them. */
    private final Map<String, AtomicLongArray> overdueByTask = new ConcurrentHashMap<>();
    private final TodayStatistics today;

    public InterceptionMetrics(final MeterRegistry registry) {
        this.registry = registry;
        this.today = new TodayStatistics(registry);
        this.latency = Timer.builder("stoppay.decision.latency")
                .description("From the payment's append to the input topic (its Kafka timestamp) to its decision")
                .publishPercentileHistogram()
                .minimumExpectedValue(LATENCY_MIN)
                .maximumExpectedValue(LATENCY_MAX)
                .register(registry);
        this.eventAge = Timer.builder("stoppay.decision.event.age")
                .description("From the payment's event time (when the payer initiated it) to its decision")
                .publishPercentileHistogram()
                .minimumExpectedValue(LATENCY_MIN)
                .maximumExpectedValue(EVENT_AGE_MAX)
                .register(registry);
        this.ruleset = new RulesetInForce(registry);
        // From zero, so that a rate over them, and an alert on one, work before the first event.
        misroutedPayments();
        this.graphChanges = counter("stoppay.restriction.changes",
                "List and linkage records applied to the restriction graph", Tags.empty());
        unreadableIdentifiers(SubjectType.PHONE);
        unreadableIdentifiers(SubjectType.CARD);
        redeliveredPayments();
        statisticsDroppedCounter();
        backfilledPayments(BACKFILL_RECORDED);
        backfilledPayments(BACKFILL_DUPLICATE);
        for (final NoticeKind kind : NoticeKind.values()) {
            Gauge.builder("stoppay.outcomes.overdue", overdueByTask, tasks -> tasks.values().stream()
                            .mapToLong(counts -> counts.get(kind.ordinal())).sum())
                    .description("Alerts and warnings issued and still unanswered past their overdue time "
                            + "(stoppay.outcome.overdue.ms, stoppay.outcome.warning.overdue.ms), in this instance's tasks")
                    .tags("kind", kindLabel(kind))
                    .register(registry);
            outcomesDuplicate(kind);
            outcomesUnmatched(kind);
            noticesUnanswered(kind);
        }
    }

    /** Meters that go nowhere: for tests and tools that do not look at them. */
    public static InterceptionMetrics discarding() {
        return new InterceptionMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Records one decided payment and what it publishes. */
    public void decided(final Interception interception, final OptionalLong appendedAtMs) {
        final RiskDecision decision = interception.decision();
        final long decidedAt = decision.getDecidedAt().toEpochMilli();
        counter("stoppay.decisions", "Payments decided, by action", Tags.of("action", decision.getAction().name()))
                .increment();
        for (final RuleHit hit : decision.getHits()) {
            counter("stoppay.rule.hits", "Rule hits in decisions, by rule", Tags.of("rule", hit.getRuleId())).increment();
        }
        interception.alert().ifPresent(alert -> counter("stoppay.stop.payments",
                "Stop-payment alerts (HOLD or STOP_PAYMENT), by the payer's region and action",
                Tags.of("region", interception.payerRegion(), "action", alert.getAction().name())).increment());
        for (final PoliceWarning warning : interception.warnings()) {
            counter("stoppay.police.warnings", "Police warnings, by region and kind",
                    Tags.of("region", warning.getRegionCode(), "kind", warning.getKind().name())).increment();
        }
        eventAge.record(Math.max(0, decidedAt - decision.getEventTime().toEpochMilli()), TimeUnit.MILLISECONDS);
        appendedAtMs.ifPresent(appended -> {
            final long latencyMs = Math.max(0, decidedAt - appended);
            latency.record(latencyMs, TimeUnit.MILLISECONDS);
            decisionLag.observe(latencyMs, decidedAt);
        });
    }

    /** Records one list or linkage record applied to the restriction graph. */
    public void graphChangeApplied() {
        graphChanges.increment();
    }

    /** How many list and linkage records the graph has applied since start. */
    public long graphChangesApplied() {
        return (long) graphChanges.count();
    }

    /** The latest decision's latency, for the restriction graph to yield to. */
    public DecisionLag decisionLag() {
        return decisionLag;
    }

    /** Records one record sent to the dead-letter topic. */
    public void deadLettered(final String reason) {
        counter("stoppay.dead.letters", "Records sent to the dead-letter topic, by reason", Tags.of("reason", reason))
                .increment();
    }

    /**
     * Records a payment that arrived outside its payer's partition (a feeder on a non-Java client
     * partitions by CRC32, not murmur2) and is re-routed there, one repartition later.
     */
    public void misrouted() {
        misroutedPayments().increment();
    }

    private Counter misroutedPayments() {
        return counter("stoppay.payments.misrouted", "Payments that arrived outside their payer's partition and were "
                + "re-routed to it", Tags.empty());
    }

    /**
     * Records an identifier of a payment (a phone, a card) that has no canonical form: it was
     * looked up as written and the payment decided, but it can match only a listing written
     * the same way.
     */
    public void unreadableIdentifier(final SubjectType type) {
        unreadableIdentifiers(type).increment();
    }

    private Counter unreadableIdentifiers(final SubjectType type) {
        return counter("stoppay.identifiers.unreadable", "Payment identifiers without a canonical form, looked up as "
                + "written, by subject type", Tags.of("type", type.name()));
    }

    /**
     * Records a payment (stage "payer") or an inflow (stage "payee") judged before the watermarks
     * said everything earlier had arrived, because it waited {@code stoppay.ordering.max.hold.ms}.
     */
    public void orderingForced(final String stage) {
        counter("stoppay.ordering.forced", "Payments judged after the longest hold, before the inflows ahead of "
                + "them were known to be recorded, by stage", Tags.of("stage", stage)).increment();
    }

    /** Records one payment or inflow held back to put a backlog in event-time order. */
    public void orderingHeld(final String stage) {
        counter("stoppay.ordering.held", "Payments held back until the inflows before them were recorded, by stage",
                Tags.of("stage", stage)).increment();
    }

    /**
     * Records one past payment read from the payment history topic ({@code stoppay backfill}):
     * outcome {@code recorded} in behaviour state, or {@code duplicate} (its txnId was seen within
     * the dedupe window: a backfill run again, or a payment already decided live).
     */
    public void backfilled(final String outcome) {
        backfilledPayments(outcome).increment();
    }

    private Counter backfilledPayments(final String outcome) {
        return counter("stoppay.backfill.payments", "Past payments read from the payment history topic, by outcome "
                + "(recorded in behaviour state, or a duplicate txnId)", Tags.of("outcome", outcome));
    }

    /** Records a payment not decided again: its txnId was decided within the dedupe window. */
    public void redelivered() {
        redeliveredPayments().increment();
    }

    private Counter redeliveredPayments() {
        return counter("stoppay.payments.redelivered", "Payments not decided again: their txnId was decided within the "
                + "dedupe window", Tags.empty());
    }

    /**
     * Records an outcome joined to the alert or warning it answers (once per distinct outcome of a
     * notice), and the outcome against every rule that fired on the payment, so that each rule's
     * precision shows (FALSE_ALARM, RELEASED_AFTER_VERIFICATION against CONFIRMED_FRAUD, STOPPED, ...).
     */
    public void outcomeJoined(final NoticeKind kind, final String outcome, final List<String> ruleIds) {
        counter("stoppay.outcomes", "Outcomes joined to the alert or warning they answer, by kind and outcome",
                Tags.of("kind", kindLabel(kind), "outcome", outcome)).increment();
        for (final String rule : ruleIds) {
            counter("stoppay.rule.outcomes", "Outcomes of alerts and warnings, counted against every rule that fired "
                    + "on the payment, by rule and outcome", Tags.of("rule", rule, "outcome", outcome)).increment();
        }
    }

    /** Records an outcome its alert or warning already had (a retry, a replay): ignored. */
    public void outcomeDuplicate(final NoticeKind kind) {
        outcomesDuplicate(kind).increment();
    }

    private Counter outcomesDuplicate(final NoticeKind kind) {
        return counter("stoppay.outcomes.duplicate", "Outcomes ignored because their alert or warning already had "
                + "that outcome, by kind", Tags.of("kind", kindLabel(kind)));
    }

    /**
     * Records {@code count} outcomes dropped when their alert or warning arrived after them and they
     * did not fit it ({@code reason}, as the dead-letter reason had they come second).
     */
    public void outcomesRefused(final NoticeKind kind, final String reason, final int count) {
        counter("stoppay.outcomes.refused", "Outcomes that came before their alert or warning and did not fit it "
                + "(an outcome that comes after is dead-lettered with the same reason), by kind and reason",
                Tags.of("kind", kindLabel(kind), "reason", reason)).increment(count);
    }

    /** Records {@code count} outcomes forgotten after the retention without ever finding their alert or warning. */
    public void outcomesUnmatched(final NoticeKind kind, final int count) {
        outcomesUnmatched(kind).increment(count);
    }

    private Counter outcomesUnmatched(final NoticeKind kind) {
        return counter("stoppay.outcomes.unmatched", "Outcomes whose alert or warning never arrived within "
                + "stoppay.outcome.retention.ms, by kind", Tags.of("kind", kindLabel(kind)));
    }

    /** Records an alert or warning forgotten after the retention without any outcome. */
    public void noticeUnanswered(final NoticeKind kind) {
        noticesUnanswered(kind).increment();
    }

    private Counter noticesUnanswered(final NoticeKind kind) {
        return counter("stoppay.outcomes.unanswered", "Alerts and warnings that got no outcome within "
                + "stoppay.outcome.retention.ms, by kind", Tags.of("kind", kindLabel(kind)));
    }

    /** Records a statistics delta dropped because its day is past {@code stoppay.statistics.retention.days}. */
    public void statisticsDropped() {
        statisticsDroppedCounter().increment();
    }

    private Counter statisticsDroppedCounter() {
        return counter("stoppay.statistics.dropped", "Statistics deltas dropped because their day is older than "
                + "stoppay.statistics.retention.days", Tags.empty());
    }

    /**
     * Shows {@code total}, which {@code task} adds up, in {@code stoppay_statistics_today} while its day is
     * {@code today} (the task's wall-clock day in the statistics' zone).
     */
    public void statisticsOfTheDay(final String task, final RegionDailyStatistics total, final LocalDate today) {
        this.today.today(today);
        this.today.set(task, total);
    }

    /** It is {@code today} now: the statistics gauge shows only today's figures. */
    public void statisticsDay(final LocalDate today) {
        this.today.today(today);
    }

    /** The task left this instance: its region-days are shown where it runs now. */
    public void forgetStatisticsOfTheDay(final String task) {
        today.forget(task);
    }

    /** Sets how many notices of {@code kind} are overdue in the outcome-loop task {@code task}. */
    public void overdueNotices(final String task, final NoticeKind kind, final long count) {
        overdueByTask.computeIfAbsent(task, t -> new AtomicLongArray(NoticeKind.values().length)).set(kind.ordinal(), count);
    }

    /** The task left this instance (closed, migrated): its overdue notices are counted where it runs now. */
    public void forgetOverdueNotices(final String task) {
        overdueByTask.remove(task);
    }

    /** The {@code kind} label of a notice: {@code stop_payment_alert} or {@code police_warning}. */
    public static String kindLabel(final NoticeKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** Records which version of the configured ruleset decides now. */
    public void rulesetInForce(final String rulesetId, final String version) {
        ruleset.set(rulesetId, version);
    }

    /**
     * The counter for a name and tags, registered on first use. Cached here because every decision
     * increments several: Micrometer's own lookup builds an id and runs the meter filters each time.
     */
    private Counter counter(final String name, final String description, final Tags tags) {
        return counters.computeIfAbsent(new CounterKey(name, tags),
                key -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private record CounterKey(String name, Tags tags) {
    }

    /**
     * An info-style gauge, 1 for the ruleset version in force. A change removes the old series so
     * that exactly one version shows.
     */
    private static final class RulesetInForce {

        private final MeterRegistry registry;
        private Gauge current;

        RulesetInForce(final MeterRegistry registry) {
            this.registry = registry;
        }

        synchronized void set(final String rulesetId, final String version) {
            if (current != null) {
                if (rulesetId.equals(current.getId().getTag("ruleset")) && version.equals(current.getId().getTag("version"))) {
                    return;
                }
                registry.remove(current);
            }
            current = Gauge.builder("stoppay.ruleset.info", () -> 1)
                    .description("The ruleset version in force on this instance (value 1)")
                    .tags("ruleset", rulesetId, "version", version)
                    .register(registry);
        }
    }
}
