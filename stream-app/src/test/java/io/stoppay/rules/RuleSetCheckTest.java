package io.stoppay.rules;

import static io.stoppay.rules.TestRuleSets.rule;
import static io.stoppay.rules.TestRuleSets.ruleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stoppay.validation.InvalidRecordException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import stoppay.v1.RuleSet;

/** Only a ruleset the engine can run exactly as written is accepted; each rejection says what is wrong. */
class RuleSetCheckTest {

    private static final RuleSetCheck CHECK = new RuleSetCheck(Duration.ofDays(1));

    @Test
    void shouldAcceptAValidRuleset() {
        // Given
        final RuleSet ruleSet = ruleSet(rule(RuleIds.PAYER_VELOCITY).setParams(Map.of("window.ms", 86_400_000L)),
                rule(RuleIds.DORMANT_PAYER_REACTIVATED).setParams(Map.of("dormant.ms", 31_536_000_000L)))
                .setReviewScore(40).setStepUpScore(40).setHoldScore(100).setStopScore(100).build();

        // When / Then
        assertThatCode(() -> CHECK.check("default", ruleSet, 0L)).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectATombstoneSoTheRulesetInForceNeverDisappears() {
        // When
        final InvalidRecordException rejection = rejectionOf("default", null);

        // Then
        assertThat(rejection.reason()).isEqualTo("MISSING_VALUE");
        assertThat(rejection).hasMessage("ruleset default is a tombstone; a ruleset in force is replaced by "
                + "publishing a new version, never deleted");
    }

    @Test
    void shouldRejectARecordWithoutKey() {
        // When
        final InvalidRecordException rejection = rejectionOf(" ", valid().build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_KEY");
    }

    @Test
    void shouldRejectARulesetNotKeyedByItsId() {
        // When
        final InvalidRecordException rejection = rejectionOf("branch-320600", valid().build());

        // Then
        assertThat(rejection.reason()).isEqualTo("KEY_MISMATCH");
        assertThat(rejection).hasMessage("ruleset record key branch-320600 is not its rulesetId default");
    }

    @Test
    void shouldRejectARulesetWithoutVersion() {
        // When
        final InvalidRecordException rejection = rejectionOf("default", valid().setVersion("").build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
        assertThat(rejection).hasMessage("ruleset default has no version");
    }

    @Test
    void shouldRejectARulesetWithoutRules() {
        // When
        final InvalidRecordException rejection = rejectionOf("default", valid().setRules(List.of()).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
        assertThat(rejection).hasMessage("ruleset default test-1 has no rules");
    }

    @Test
    void shouldRejectAnUnknownRuleNamingIt() {
        // Given
        final RuleSet ruleSet = valid().build();
        ruleSet.getRules().get(0).setRuleId("PAYEE_RESTRICTD");

        // When
        final InvalidRecordException rejection = rejectionOf("default", ruleSet);

        // Then
        assertThat(rejection.reason()).isEqualTo("UNKNOWN_RULE");
        assertThat(rejection).hasMessage("ruleset default test-1 names rule PAYEE_RESTRICTD, which StopPay does not know");
    }

    @Test
    void shouldRejectARuleConfiguredTwice() {
        // When
        final InvalidRecordException rejection = rejectionOf("default",
                ruleSet(rule(RuleIds.LARGE_TRANSFER), rule(RuleIds.LARGE_TRANSFER).setEnabled(false)).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
        assertThat(rejection).hasMessage("ruleset default test-1 configures rule LARGE_TRANSFER more than once");
    }

    @Test
    void shouldRejectAWeightAboveOneHundred() {
        // When
        final InvalidRecordException rejection = rejectionOf("default",
                ruleSet(rule(RuleIds.LARGE_TRANSFER).setWeight(101)).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
        assertThat(rejection).hasMessage("ruleset default test-1 gives rule LARGE_TRANSFER weight 101; it must be 0..100");
    }

    @Test
    void shouldRejectANegativeWeight() {
        // When
        final InvalidRecordException rejection = rejectionOf("default",
                ruleSet(rule(RuleIds.LARGE_TRANSFER).setWeight(-1)).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
    }

    @Test
    void shouldRejectAParamTheRuleDoesNotTakeNamingRuleAndParam() {
        // When
        final InvalidRecordException rejection = rejectionOf("default",
                ruleSet(rule(RuleIds.PAYER_VELOCITY).setParams(Map.of("max.cuont", 3L))).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("UNKNOWN_PARAM");
        assertThat(rejection).hasMessage("ruleset default test-1 sets rule PAYER_VELOCITY param max.cuont, which the "
                + "rule does not take; it takes max.amount.minor, max.count, window.ms");
    }

    @Test
    void shouldRejectTheBoundaryOnTheLinkedRuleAsItBelongsToTheRestrictedOne() {
        // When
        final InvalidRecordException rejection = rejectionOf("default",
                ruleSet(rule(RuleIds.PAYEE_LINKED).setParams(Map.of("strong.max.hops", 2L))).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("UNKNOWN_PARAM");
        assertThat(rejection).hasMessageEndingWith("it takes none");
    }

    @Test
    void shouldRejectANegativeParam() {
        // When
        final InvalidRecordException rejection = rejectionOf("default",
                ruleSet(rule(RuleIds.LARGE_TRANSFER).setParams(Map.of("min.amount.minor", -1L))).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
        assertThat(rejection).hasMessage(
                "ruleset default test-1 sets rule LARGE_TRANSFER param min.amount.minor to -1; it must be at least 0");
    }

    /** A count of 0 fires on every payment (fan-in "from 1 distinct payers") and a span of 0 on none. */
    @ParameterizedTest
    @CsvSource({"PAYEE_FAN_IN, min.distinct.payers", "REPEATED_NEW_PAYEES, min.count", "PAYER_VELOCITY, max.count",
        "SHARED_DEVICE, min.accounts", "NEW_PAYEE_YOUNG_ACCOUNT, account.age.ms", "PAYEE_FAN_IN, window.ms",
        "DORMANT_PAYER_REACTIVATED, dormant.ms"})
    void shouldRejectACountOrASpanOfZero(final String ruleId, final String param) {
        // When
        final InvalidRecordException rejection = rejectionOf("default",
                ruleSet(rule(ruleId).setParams(Map.of(param, 0L))).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
        assertThat(rejection).hasMessageEndingWith(param + " to 0; it must be at least 1");
    }

    @Test
    void shouldAcceptAnAmountOfZero() {
        assertThatCode(() -> CHECK.check("default",
                ruleSet(rule(RuleIds.REPEATED_NEW_PAYEES).setParams(Map.of("min.amount.minor", 0L))).build(), 0L))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRejectAWindowLongerThanPaymentsAreRemembered() {
        // When
        final InvalidRecordException rejection = rejectionOf("default",
                ruleSet(rule(RuleIds.PAYEE_FAN_IN).setParams(Map.of("window.ms", 86_400_001L))).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
        assertThat(rejection).hasMessage("ruleset default test-1 sets rule PAYEE_FAN_IN param window.ms to 86400001 ms "
                + "(1 d), longer than the 86400000 ms (1 d) payments are remembered");
    }

    @Test
    void shouldRejectAReviewScoreBelowOne() {
        // When
        final InvalidRecordException rejection = rejectionOf("default", valid().setReviewScore(0).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
        assertThat(rejection).hasMessage("ruleset default test-1 has score thresholds reviewScore 0, stepUpScore 50, "
                + "holdScore 80, stopScore 101; they must satisfy 1 <= review <= stepUp <= hold <= stop");
    }

    @Test
    void shouldRejectAStepUpScoreAboveTheHoldScore() {
        // When
        final InvalidRecordException rejection = rejectionOf("default", valid().setStepUpScore(81).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
    }

    @Test
    void shouldRejectAHoldScoreAboveTheStopScore() {
        // When
        final InvalidRecordException rejection = rejectionOf("default", valid().setHoldScore(90).setStopScore(89).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
    }

    @Test
    void shouldRejectAReviewScoreAboveTheStepUpScore() {
        // When
        final InvalidRecordException rejection = rejectionOf("default", valid().setReviewScore(51).build());

        // Then
        assertThat(rejection.reason()).isEqualTo("INVALID_RULESET");
    }

    private static RuleSet.Builder valid() {
        return ruleSet(rule(RuleIds.LARGE_TRANSFER));
    }

    private static InvalidRecordException rejectionOf(final String key, final RuleSet ruleSet) {
        return catchThrowableOfType(InvalidRecordException.class, () -> CHECK.check(key, ruleSet, 0L));
    }
}
