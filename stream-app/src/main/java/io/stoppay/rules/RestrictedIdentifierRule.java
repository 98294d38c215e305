package io.stoppay.rules;

import io.stoppay.privacy.Mask;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import stoppay.v1.LinkHop;
import stoppay.v1.ListType;
import stoppay.v1.Restriction;
import stoppay.v1.RuleHit;

/**
 * "一处涉诈、两卡受限": a payment carrying a restricted identifier. One hit per restricted
 * identifier, each naming the list entry and the linkage path.
 *
 * <p>A party identifier (account, card, phone, ID) is restricted <em>strongly</em> when it is
 * listed itself, or within {@code strong.max.hops} links of a level-3 listing: money sent to or
 * by it is as good as gone ({@code *_RESTRICTED}). Further away it is only <em>linked</em>
 * ({@code *_LINKED}). The two rules of a side share the boundary, so each identifier hits one of
 * them. A device or IP is shared more loosely than a card or a phone, so any restriction of it is
 * one rule ({@code CHANNEL_RESTRICTED}) whatever the distance.
 */
public final class RestrictedIdentifierRule implements Rule {

    /**
     * Param of {@code PAYER_RESTRICTED} and {@code PAYEE_RESTRICTED}; the {@code *_LINKED} rule of
     * the same side reads it from there (see {@link RuleCatalogue}), so the two never disagree.
     */
    public static final String STRONG_MAX_HOPS = "strong.max.hops";

    private static final int TOP_RISK_LEVEL = 3;

    private enum Reach { STRONG, LINKED, ANY }

    private final HitTemplate hits;
    private final Side side;
    /** Which of the side's identifiers the rule looks at: the device and IP, or who the side is. */
    private final boolean channelIdentifiers;
    private final Reach reach;
    private final long strongMaxHops;

    private RestrictedIdentifierRule(final HitTemplate hits, final Side side, final boolean channelIdentifiers,
                                     final Reach reach, final long strongMaxHops) {
        this.hits = hits;
        this.side = side;
        this.channelIdentifiers = channelIdentifiers;
        this.reach = reach;
        this.strongMaxHops = strongMaxHops;
    }

    /** A party identifier of {@code side} restricted strongly. */
    static RestrictedIdentifierRule strong(final HitTemplate hits, final Side side, final RuleParams params) {
        return new RestrictedIdentifierRule(hits, side, false, Reach.STRONG, params.longValue(STRONG_MAX_HOPS));
    }

    /** A party identifier of {@code side} restricted, but not strongly. */
    static RestrictedIdentifierRule linked(final HitTemplate hits, final Side side, final RuleParams params) {
        return new RestrictedIdentifierRule(hits, side, false, Reach.LINKED, params.longValue(STRONG_MAX_HOPS));
    }

    /** The payer's device or IP restricted at any distance. */
    static RestrictedIdentifierRule channel(final HitTemplate hits) {
        return new RestrictedIdentifierRule(hits, Side.PAYER, true, Reach.ANY, 0);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        // Five rules ask this of every identifier of every payment, so loops rather than streams.
        final List<RuleHit> found = new ArrayList<>();
        for (final SubjectCheck subject : side.subjects(facts)) {
            if (subject.isChannelIdentifier() == channelIdentifiers) {
                final Restriction evidence = evidenceOf(subject);
                if (evidence != null) {
                    found.add(hits.hit(describe(subject, evidence)));
                }
            }
        }
        return found;
    }

    /** The entry this rule reports for {@code subject}, or null if the subject is not restricted as this rule means. */
    private Restriction evidenceOf(final SubjectCheck subject) {
        return switch (reach) {
            case STRONG -> strongRestriction(subject);
            case LINKED -> strongRestriction(subject) == null ? subject.strongestRestriction() : null;
            case ANY -> subject.strongestRestriction();
        };
    }

    /** The strongest entry that restricts {@code subject} strongly, or null. */
    private Restriction strongRestriction(final SubjectCheck subject) {
        for (final Restriction restriction : subject.restrictions()) {
            if (isStrong(restriction)) {
                return restriction;
            }
        }
        return null;
    }

    private boolean isStrong(final Restriction restriction) {
        return restriction.getListType() != ListType.VICTIM_WATCH && (restriction.getHops() == 0
                || restriction.getHops() <= strongMaxHops && restriction.getRiskLevel() == TOP_RISK_LEVEL);
    }

    /**
     * "payee phone 138****5678 is linked to FRAUD_ACCOUNT card 6222…1234 via CARD_PHONE (1 hop),
     * level 3, source PSB-320600-antifraud-centre, case 2026-XX-123".
     */
    private static String describe(final SubjectCheck subject, final Restriction restriction) {
        final StringBuilder text = new StringBuilder(subject.maskedLabel());
        if (restriction.getHops() == 0) {
            text.append(" is listed as ").append(restriction.getListType());
        } else {
            text.append(" is linked to ").append(restriction.getListType()).append(' ')
                    .append(restriction.getListedType().name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(Mask.subject(restriction.getListedType(), restriction.getListedId()))
                    .append(" via ")
                    .append(restriction.getPath().stream().map(LinkHop::getKind).map(Enum::name)
                            .collect(Collectors.joining(" → ")))
                    .append(" (").append(restriction.getHops()).append(restriction.getHops() == 1 ? " hop)" : " hops)");
        }
        text.append(", level ").append(restriction.getRiskLevel()).append(", source ").append(restriction.getSource());
        if (restriction.getCaseId() != null) {
            text.append(", case ").append(restriction.getCaseId());
        }
        if (subject.hub()) {
            text.append("; a hub, so its listing is not passed on to its links");
        }
        return text.toString();
    }
}
