package io.stoppay.rules;

import io.stoppay.privacy.Mask;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import stoppay.v1.Action;
import stoppay.v1.LinkHop;
import stoppay.v1.Restriction;
import stoppay.v1.RuleHit;

/**
 * "一处涉诈、两卡受限": a payment whose payer or payee carries a restricted identifier.
 *
 * <p>STOP_PAYMENT when the identifier is listed itself, or is one link from a level-3 listing;
 * HOLD when it is further away, and always HOLD for a device or IP (shared more loosely than a
 * card or a phone). One hit per restricted identifier, each naming the list entry and the path.
 */
public final class RestrictedPartyRule implements Rule {

    static final int STOP_WEIGHT = 100;
    static final int HOLD_WEIGHT = 70;

    private final String id;
    private final Function<PaymentFacts, List<SubjectCheck>> side;

    private RestrictedPartyRule(final String id, final Function<PaymentFacts, List<SubjectCheck>> side) {
        this.id = id;
        this.side = side;
    }

    public static RestrictedPartyRule payee() {
        return new RestrictedPartyRule("PAYEE_RESTRICTED", PaymentFacts::payeeSubjects);
    }

    public static RestrictedPartyRule payer() {
        return new RestrictedPartyRule("PAYER_RESTRICTED", PaymentFacts::payerSubjects);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        final List<RuleHit> hits = new ArrayList<>();
        for (final SubjectCheck subject : side.apply(facts)) {
            final Restriction restriction = subject.strongestRestriction();
            if (restriction != null) {
                final boolean stop = !subject.isChannelIdentifier()
                        && (restriction.getHops() == 0 || restriction.getHops() == 1 && restriction.getRiskLevel() == 3);
                hits.add(new RuleHit(id, stop ? Action.STOP_PAYMENT : Action.HOLD, stop ? STOP_WEIGHT : HOLD_WEIGHT,
                        describe(subject, restriction)));
            }
        }
        return hits;
    }

    /**
     * "payee phone 138****5678 is linked to FRAUD_ACCOUNT card 6222…1234 via CARD_PHONE (1 hop),
     * case 2026-XX-123".
     */
    static String describe(final SubjectCheck subject, final Restriction restriction) {
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
        return text.toString();
    }
}
