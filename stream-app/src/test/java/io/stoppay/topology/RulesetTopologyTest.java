package io.stoppay.topology;

import static io.stoppay.topology.Payments.MULE;
import static io.stoppay.topology.Payments.holder;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.rules.BuiltInRuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.DeadLetter;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleConfig;
import stoppay.v1.RuleSet;

/** Rules are data: a ruleset published on the rules topic decides the next payment, without a restart. */
class RulesetTopologyTest {

    private final InterceptionDriver stopPay = new InterceptionDriver();

    @AfterEach
    void close() {
        stopPay.close();
    }

    /** The built-in ruleset with one rule's params replaced, under a new version. */
    private static RuleSet tuned(final String version, final String ruleId, final Map<String, Long> params) {
        final RuleSet ruleSet = BuiltInRuleSet.ruleSet();
        ruleSet.setVersion(version);
        ruleSet.setPublishedAt(Instant.now());
        ruleSet.setRules(ruleSet.getRules().stream()
                .map(rule -> rule.getRuleId().equals(ruleId) ? RuleConfig.newBuilder(rule).setParams(params).build() : rule)
                .toList());
        return ruleSet;
    }

    @Test
    void shouldApplyAPublishedRulesetToTheNextPaymentAndNameItsVersion() {
        stopPay.pay(payment("T1", holder(1), MULE, 100_000).build())
                .pay(payment("T2", holder(2), MULE, 100_000).setEventTime(Payments.T0.plusSeconds(60)).build());

        stopPay.ruleset(tuned("2026-11-fan-in-3", "PAYEE_FAN_IN", Map.of("min.distinct.payers", 3L)));
        stopPay.pay(payment("T3", holder(3), MULE, 100_000).setEventTime(Payments.T0.plusSeconds(120)).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions).extracting(kv -> kv.value.getRulesetVersion())
                .containsExactly("builtin-4", "builtin-4", "2026-11-fan-in-3");
        assertThat(decisions).extracting(kv -> kv.value.getAction())
                .containsExactly(Action.PASS, Action.PASS, Action.HOLD);
    }

    /** The ruleset's bytes are kept on the heap between payments: a newer version must replace them. */
    @Test
    void shouldApplyEachNewerVersionOfTheRuleset() {
        stopPay.ruleset(tuned("2026-11-fan-in-3", "PAYEE_FAN_IN", Map.of("min.distinct.payers", 3L)));
        stopPay.pay(payment("T1", holder(1), MULE, 100_000).build());

        stopPay.ruleset(tuned("2026-11-fan-in-2", "PAYEE_FAN_IN", Map.of("min.distinct.payers", 2L)));
        stopPay.pay(payment("T2", holder(2), MULE, 100_000).setEventTime(Payments.T0.plusSeconds(60)).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions).extracting(kv -> kv.value.getRulesetVersion())
                .containsExactly("2026-11-fan-in-3", "2026-11-fan-in-2");
        assertThat(decisions).extracting(kv -> kv.value.getAction()).containsExactly(Action.PASS, Action.HOLD);
    }

    @Test
    void shouldRejectAnInvalidRulesetAndKeepTheOneInForce() {
        stopPay.ruleset(tuned("v-good", "PAYEE_FAN_IN", Map.of("min.distinct.payers", 3L)));
        final RuleSet unknownRule = tuned("v-bad", "PAYEE_FAN_IN", Map.of());
        unknownRule.setRules(List.of(RuleConfig.newBuilder().setRuleId("NO_SUCH_RULE").setAction(Action.HOLD)
                .setWeight(10).build()));

        stopPay.ruleset(unknownRule);
        stopPay.pay(payment("T1", holder(1), MULE, 10_000).build());

        final List<KeyValue<byte[], DeadLetter>> letters = stopPay.deadLetters();
        assertThat(letters).singleElement().satisfies(kv -> {
            assertThat(kv.value.getReason()).isEqualTo("UNKNOWN_RULE");
            assertThat(kv.value.getSourceTopic()).isEqualTo("risk.rules.v1");
            assertThat(kv.value.getError()).contains("NO_SUCH_RULE");
        });
        assertThat(stopPay.onlyDecision().getRulesetVersion()).isEqualTo("v-good");
    }

    @Test
    void shouldNotRunADisabledRule() {
        final RuleSet ruleSet = BuiltInRuleSet.ruleSet();
        ruleSet.setVersion("no-large-transfer");
        ruleSet.setRules(ruleSet.getRules().stream()
                .map(rule -> rule.getRuleId().equals("LARGE_TRANSFER") ? RuleConfig.newBuilder(rule).setEnabled(false).build()
                        : rule)
                .toList());
        stopPay.ruleset(ruleSet);

        stopPay.pay(payment("T1", holder(1), holder(2), 6_000_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(1)))
                .build());

        assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.PASS);
    }
}
