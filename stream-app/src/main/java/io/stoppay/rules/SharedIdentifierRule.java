package io.stoppay.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import stoppay.v1.RuleHit;
import stoppay.v1.SubjectType;

/**
 * An identifier that stands for many accounts: a holder linked to many accounts and cards
 * (一人多卡, a card-trading signal), or a device or IP that many payer accounts used (人卡分离,
 * card farming). The counts come from the subject-usage store, published from
 * {@code stoppay.usage.min.accounts} up, so a threshold below that is never reached.
 */
final class SharedIdentifierRule implements Rule {

    static final String MIN_ACCOUNTS = "min.accounts";

    private final HitTemplate hits;
    private final long minAccounts;
    private final SubjectType type;
    /** What the identifier is, given how many accounts it stands for: "was used by 7 payer accounts". */
    private final IntFunction<String> what;

    private SharedIdentifierRule(final HitTemplate hits, final RuleParams params, final SubjectType type,
                                 final IntFunction<String> what) {
        this.hits = hits;
        this.minAccounts = params.longValue(MIN_ACCOUNTS);
        this.type = type;
        this.what = what;
    }

    static SharedIdentifierRule holders(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        return new SharedIdentifierRule(hits, params, SubjectType.ID_NUMBER,
                accounts -> "is linked to " + accounts + " accounts and cards");
    }

    static SharedIdentifierRule devices(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        return new SharedIdentifierRule(hits, params, SubjectType.DEVICE,
                accounts -> "was used by " + accounts + " payer accounts");
    }

    static SharedIdentifierRule ips(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        return new SharedIdentifierRule(hits, params, SubjectType.IP,
                accounts -> "was used by " + accounts + " payer accounts");
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        // Runs for every payment, so loops rather than a stream; an empty ArrayList holds no array yet.
        final List<RuleHit> found = new ArrayList<>();
        addHits(facts.payerSubjects(), found);
        addHits(facts.payeeSubjects(), found);
        return found;
    }

    private void addHits(final List<SubjectCheck> subjects, final List<RuleHit> found) {
        for (final SubjectCheck subject : subjects) {
            if (subject.type() == type && subject.accounts() >= minAccounts) {
                found.add(hits.hit(subject.maskedLabel() + " " + what.apply(subject.accounts())
                        + "; threshold " + minAccounts));
            }
        }
    }
}
