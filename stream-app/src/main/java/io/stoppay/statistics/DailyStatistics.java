package io.stoppay.statistics;

import io.stoppay.outcome.JoinedOutcome;
import io.stoppay.topology.Interception;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import stoppay.internal.v1.IssuedNotice;
import stoppay.internal.v1.NoticeKind;
import stoppay.v1.Action;
import stoppay.v1.MinuteCount;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RegionDailyStatistics;
import stoppay.v1.RiskDecision;

/**
 * What one decision or one joined outcome adds to the statistics, as {@link RegionDailyStatistics}
 * deltas, and how deltas add up. A delta and a day's total have the same shape, so the per-task
 * batches, the repartition records, the aggregate store and the published topic all carry one record.
 *
 * <ul>
 *   <li>A <b>decision</b> counts in its payer's region ({@link Interception#payerRegion()}: the payment's
 *       region, else the payer account's, else the unrouted region {@code 000000}) on the day of the
 *       payment's event time: its action, and for HOLD and STOP_PAYMENT its amount (minor units, per
 *       currency).</li>
 *   <li>Its <b>alert</b> counts in the payer's region and each <b>warning</b> in the warning's own
 *       region, on the day it was issued.</li>
 *   <li>An <b>outcome</b> counts where and when the alert or warning it answers was issued, whenever it
 *       arrives, with the minutes from the notice's issuedAt to its actedAt
 *       ({@link #minuteBucket(Duration)}).</li>
 * </ul>
 */
public final class DailyStatistics {

    /** Below this many minutes (a day) delays are kept to the minute; above, to the hour. */
    static final int EXACT_MINUTES = 24 * 60;

    private DailyStatistics() {
    }

    /** An empty day: every count 0, every distribution empty, no median. */
    public static RegionDailyStatistics empty(final RegionDay regionDay) {
        return RegionDailyStatistics.newBuilder().setRegionCode(regionDay.region()).setDay(regionDay.day())
                .setDecisionsByAction(new HashMap<>()).setInterceptedMinor(new HashMap<>())
                .setWarningsByKind(new HashMap<>()).setAlertOutcomes(new HashMap<>()).setWarningOutcomes(new HashMap<>())
                .setAlertToActionMinutes(new ArrayList<>()).setWarningToOutcomeMinutes(new ArrayList<>()).build();
    }

    /** The deltas of one decision: at most one per region and day (usually exactly one). */
    public static List<RegionDailyStatistics> of(final Interception interception, final ZoneId zone) {
        final Map<RegionDay, RegionDailyStatistics> deltas = new LinkedHashMap<>(2);
        final RiskDecision decision = interception.decision();
        final RegionDailyStatistics decided = delta(deltas, RegionDay.of(interception.payerRegion(),
                decision.getEventTime(), zone));
        decided.setDecided(1);
        decided.getDecisionsByAction().put(decision.getAction().name(), 1L);
        if (decision.getAction() == Action.HOLD || decision.getAction() == Action.STOP_PAYMENT) {
            decided.getInterceptedMinor().put(decision.getCurrency(), decision.getAmountMinor());
        }
        interception.alert().ifPresent(alert ->
                delta(deltas, RegionDay.of(interception.payerRegion(), alert.getIssuedAt(), zone)).setAlerts(1));
        for (final PoliceWarning warning : interception.warnings()) {
            add(delta(deltas, RegionDay.of(warning.getRegionCode(), warning.getIssuedAt(), zone)).getWarningsByKind(),
                    warning.getKind().name(), 1);
        }
        return List.copyOf(deltas.values());
    }

    /** The delta of one outcome joined to its alert or warning: on the notice's region and issue day. */
    public static RegionDailyStatistics of(final JoinedOutcome joined, final ZoneId zone) {
        final IssuedNotice notice = joined.notice();
        final RegionDailyStatistics delta = empty(RegionDay.of(notice.getRegionCode(), notice.getIssuedAt(), zone));
        final int minutes = minuteBucket(Duration.between(notice.getIssuedAt(), joined.actedAt()));
        final List<MinuteCount> one = new ArrayList<>(List.of(new MinuteCount(minutes, 1L)));
        if (notice.getKind() == NoticeKind.STOP_PAYMENT_ALERT) {
            delta.getAlertOutcomes().put(joined.outcome(), 1L);
            delta.setAlertToActionMinutes(one);
        } else {
            delta.getWarningOutcomes().put(joined.outcome(), 1L);
            delta.setWarningToOutcomeMinutes(one);
        }
        return delta;
    }

    /**
     * {@code into} plus {@code delta} (same region and day), in place; returns {@code into}. Medians are
     * not kept up to date here: {@link #withMedians} sets them when a total is published.
     */
    public static RegionDailyStatistics add(final RegionDailyStatistics into, final RegionDailyStatistics delta) {
        into.setDecided(into.getDecided() + delta.getDecided());
        into.setAlerts(into.getAlerts() + delta.getAlerts());
        addAll(into.getDecisionsByAction(), delta.getDecisionsByAction());
        addAll(into.getInterceptedMinor(), delta.getInterceptedMinor());
        addAll(into.getWarningsByKind(), delta.getWarningsByKind());
        addAll(into.getAlertOutcomes(), delta.getAlertOutcomes());
        addAll(into.getWarningOutcomes(), delta.getWarningOutcomes());
        into.setAlertToActionMinutes(merge(into.getAlertToActionMinutes(), delta.getAlertToActionMinutes()));
        into.setWarningToOutcomeMinutes(merge(into.getWarningToOutcomeMinutes(), delta.getWarningToOutcomeMinutes()));
        return into;
    }

    /** {@code total} with both medians computed from its distributions. */
    public static RegionDailyStatistics withMedians(final RegionDailyStatistics total) {
        total.setMedianAlertToActionMinutes(median(total.getAlertToActionMinutes()));
        total.setMedianWarningToOutcomeMinutes(median(total.getWarningToOutcomeMinutes()));
        return total;
    }

    /**
     * The bucket of a delay: whole minutes, rounded down, below a day; from a day on, rounded down to the
     * hour, so a distribution has at most 1,440 + 24 per further day buckets; a negative delay (an
     * outcome stamped before its notice: clocks apart) is 0.
     */
    static int minuteBucket(final Duration delay) {
        final long minutes = Math.max(0, delay.toMinutes());
        final long bucket = minutes < EXACT_MINUTES ? minutes : minutes - minutes % 60;
        return (int) Math.min(Integer.MAX_VALUE, bucket);
    }

    /** The lower median of a distribution ascending by minutes (the value at rank ceil(n/2)); null if empty. */
    static Integer median(final List<MinuteCount> distribution) {
        final long total = distribution.stream().mapToLong(MinuteCount::getCount).sum();
        if (total == 0) {
            return null;
        }
        final long rank = (total + 1) / 2;
        long seen = 0;
        for (final MinuteCount bucket : distribution) {
            seen += bucket.getCount();
            if (seen >= rank) {
                return bucket.getMinutes();
            }
        }
        throw new IllegalStateException("unreachable: rank " + rank + " of " + total);
    }

    private static RegionDailyStatistics delta(final Map<RegionDay, RegionDailyStatistics> deltas,
                                               final RegionDay regionDay) {
        return deltas.computeIfAbsent(regionDay, DailyStatistics::empty);
    }

    private static void add(final Map<String, Long> counts, final String name, final long count) {
        counts.merge(name, count, Long::sum);
    }

    private static void addAll(final Map<String, Long> into, final Map<String, Long> more) {
        more.forEach((name, count) -> add(into, name, count));
    }

    /** Two distributions ascending by minutes, merged into one. */
    private static List<MinuteCount> merge(final List<MinuteCount> a, final List<MinuteCount> b) {
        if (b.isEmpty()) {
            return a;
        }
        final List<MinuteCount> merged = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j == b.size() || i < a.size() && a.get(i).getMinutes() < b.get(j).getMinutes()) {
                merged.add(a.get(i++));
            } else if (i == a.size() || b.get(j).getMinutes() < a.get(i).getMinutes()) {
                merged.add(new MinuteCount(b.get(j).getMinutes(), b.get(j++).getCount()));
            } else {
                merged.add(new MinuteCount(a.get(i).getMinutes(), a.get(i++).getCount() + b.get(j++).getCount()));
            }
        }
        return merged;
    }
}
