package io.stoppay.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
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
    private final String what;

    private SharedIdentifierRule(final HitTemplate hits, final RuleParams params, final SubjectType type,
                                 final String what) {
        this.hits = hits;
        this.minAccounts = params.longValue(MIN_ACCOUNTS);
        this.type = type;
        this.what = what;
    }

    static SharedIdentifierRule holders(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        return new SharedIdentifierRule(hits, params, SubjectType.ID_NUMBER, "is linked to %d accounts and cards");
    }

    static SharedIdentifierRule devices(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        return new SharedIdentifierRule(hits, params, SubjectType.DEVICE, "was used by %d payer accounts");
    }

    static SharedIdentifierRule ips(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        return new SharedIdentifierRule(hits, params, SubjectType.IP, "was used by %d payer accounts");
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        final List<RuleHit> found = new ArrayList<>();
        Stream.concat(facts.payerSubjects().stream(), facts.payeeSubjects().stream())
                .filter(subject -> subject.type() == type && subject.accounts() >= minAccounts)
                .forEach(subject -> found.add(hits.hit(subject.maskedLabel() + " "
                        + String.format(Locale.ROOT, what, subject.accounts()) + "; threshold " + minAccounts)));
        return found;
    }
}
