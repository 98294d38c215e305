package io.stoppay.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.stoppay.access.Principal;
import io.stoppay.access.SubjectScope;
import io.stoppay.behaviour.RecentActivity;
import io.stoppay.privacy.Mask;
import io.stoppay.restriction.SubjectKey;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import stoppay.internal.v1.Flow;
import stoppay.v1.LinkHop;
import stoppay.v1.ListType;
import stoppay.v1.Restriction;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.SubjectType;
import stoppay.v1.SubjectUsage;

/**
 * The answer of {@code GET /v1/subjects/{type}/{id}}: whether the subject is restricted (a list
 * entry other than VICTIM_WATCH reaches it) or protected (a VICTIM_WATCH entry does), every
 * listing that reaches it with the linkage path (several sources' listings of one subject each
 * count; the strongest 32, and how many more in {@code moreRestrictions}), whether it is a hub (more links than
 * {@code stoppay.restriction.max.degree}, so restriction does not pass through it), how many
 * accounts it stands for, and, for an account, its recent payments both ways.
 *
 * <p>Every other subject it names (listed subjects, the path's hops, counterparties) is masked
 * ({@link Mask}) unless the caller may see it whole ({@link SubjectScope}: with
 * {@link Principal#fullIdentifiers()}, and for an analyst only its own banks' counterparties).
 */
record SubjectView(String subjectType, String subjectId, boolean restricted,
                   @JsonProperty("protected") boolean isProtected, boolean hub, List<RestrictionView> restrictions,
                   int moreRestrictions, UsageView usage, BehaviourView behaviour, String answeredBy) {

    /** {@code queried}: the subject as looked up; {@code id}: as the caller spelt it. */
    static SubjectView of(final SubjectKey queried, final String id, final RestrictionStatus status,
                          final SubjectUsage usage, final RecentActivity activity, final int recentLimit,
                          final String answeredBy, final Principal caller) {
        final Identifiers shown = new Identifiers(caller, queried);
        final List<RestrictionView> restrictions = status == null ? List.of()
                : status.getRestrictions().stream().map(r -> RestrictionView.of(r, shown)).toList();
        return new SubjectView(queried.type().name(), id,
                restrictions.stream().anyMatch(r -> !r.listType().equals(ListType.VICTIM_WATCH.name())),
                restrictions.stream().anyMatch(r -> r.listType().equals(ListType.VICTIM_WATCH.name())),
                status != null && status.getHub(),
                restrictions,
                status == null ? 0 : status.getMoreRestrictions(),
                usage == null ? null : new UsageView(usage.getAccounts(), usage.getUpdatedAt().toString()),
                activity == null ? null : BehaviourView.of(activity, recentLimit, shown),
                answeredBy);
    }

    /** Identifiers as the caller may see them ({@link SubjectScope}): whole, or masked. */
    record Identifiers(Principal caller, SubjectKey queried) {

        /** A listed subject or a hop of a listing's path. */
        String named(final SubjectType type, final String id) {
            return wholeNamed(type, id) ? id : Mask.subject(type, id);
        }

        boolean wholeNamed(final SubjectType type, final String id) {
            return SubjectScope.showsNamed(caller, queried.type() == type && queried.id().equals(id));
        }

        /** A counterparty account of the queried one, at {@code bank} (null when unknown). */
        String counterparty(final String account, final String bank) {
            return SubjectScope.showsCounterparty(caller, bank) ? account : Mask.subject(SubjectType.ACCOUNT, account);
        }
    }

    /**
     * One listing that reaches the subject: {@code listingKey} is its key on {@code risk.lists.v1}
     * ({@code TYPE:id|source}, or {@code TYPE:id} for a v1 key), so a subject listed by several
     * sources shows one of these per listing, strongest first.
     */
    record RestrictionView(String listType, String listedType, String listedId, int riskLevel, String source,
                           String caseId, int hops, List<HopView> path, String listingKey) {

        static RestrictionView of(final Restriction restriction, final Identifiers shown) {
            return new RestrictionView(restriction.getListType().name(), restriction.getListedType().name(),
                    shown.named(restriction.getListedType(), restriction.getListedId()), restriction.getRiskLevel(),
                    restriction.getSource(), restriction.getCaseId(), restriction.getHops(),
                    restriction.getPath().stream().map(hop -> HopView.of(hop, shown)).toList(),
                    shown.wholeNamed(restriction.getListedType(), restriction.getListedId())
                            ? restriction.getListingKey() : null);
        }
    }

    record HopView(String from, String kind, String to) {

        static HopView of(final LinkHop hop, final Identifiers shown) {
            return new HopView(hop.getFromType() + ":" + shown.named(hop.getFromType(), hop.getFromId()),
                    hop.getKind().name(), hop.getToType() + ":" + shown.named(hop.getToType(), hop.getToId()));
        }
    }

    /** How many accounts a holder, device or IP stands for (published from the configured minimum up). */
    record UsageView(int accounts, String updatedAt) {
    }

    /**
     * What the account's task remembers: its payments both ways within the behaviour retention
     * before its latest one, at most {@code stoppay.behaviour.max.flows} newest each way (as the rules see them).
     */
    record BehaviourView(FlowSummary inflows, FlowSummary outflows, String lastActiveAt, String lastMovedMoneyAt,
                         List<FlowView> recent) {

        static BehaviourView of(final RecentActivity activity, final int recentLimit, final Identifiers shown) {
            final List<Flow> inflows = activity.inflowsSince(Instant.EPOCH);
            final List<Flow> outflows = activity.outflowsSince(Instant.EPOCH);
            final List<FlowView> recent = Stream.concat(
                            inflows.stream().map(flow -> Map.entry("IN", flow)),
                            outflows.stream().map(flow -> Map.entry("OUT", flow)))
                    .sorted(Comparator.comparing((Map.Entry<String, Flow> entry) -> entry.getValue().getTime())
                            .reversed())
                    .limit(recentLimit)
                    .map(entry -> FlowView.of(entry.getKey(), entry.getValue(), shown))
                    .toList();
            return new BehaviourView(FlowSummary.of(inflows), FlowSummary.of(outflows),
                    activity.lastActiveAt().map(Instant::toString).orElse(null),
                    activity.lastMovedMoneyAt().map(Instant::toString).orElse(null), recent);
        }
    }

    /** Count, sum (in minor units of the payments' currency) and distinct counterparties of some flows. */
    record FlowSummary(int payments, long amountMinor, int counterparties, int held) {

        static FlowSummary of(final Collection<Flow> flows) {
            final Set<String> counterparties = new HashSet<>();
            long amount = 0;
            int held = 0;
            for (final Flow flow : flows) {
                counterparties.add(flow.getCounterparty());
                amount += flow.getAmountMinor();
                held += flow.getHeld() ? 1 : 0;
            }
            return new FlowSummary(flows.size(), amount, counterparties.size(), held);
        }
    }

    record FlowView(String direction, String txnId, String time, String counterparty, long amountMinor,
                    boolean held) {

        static FlowView of(final String direction, final Flow flow, final Identifiers shown) {
            return new FlowView(direction, flow.getTxnId(), flow.getTime().toString(),
                    shown.counterparty(flow.getCounterparty(), flow.getCounterpartyBank()), flow.getAmountMinor(),
                    flow.getHeld());
        }
    }
}
