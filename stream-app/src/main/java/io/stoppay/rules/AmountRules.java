package io.stoppay.rules;

/** Amount thresholds are set in one currency; a payment in another is not compared with them. */
final class AmountRules {

    private AmountRules() {
    }

    static boolean inLimitCurrency(final PaymentFacts facts, final RuleSettings settings) {
        return settings.limitCurrency().getCurrencyCode().equals(facts.txn().getCurrency());
    }
}
