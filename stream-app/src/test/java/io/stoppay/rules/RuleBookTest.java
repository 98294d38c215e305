package io.stoppay.rules;

import static io.stoppay.rules.ActivityBuilder.activity;
import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.SETTINGS;
import static io.stoppay.rules.TestRuleSets.decide;
import static io.stoppay.rules.TestRuleSets.rule;
import static io.stoppay.rules.TestRuleSets.ruleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.RuleHit;
import stoppay.v1.RuleSet;

/** How a ruleset is built and how its hits combine into a verdict. */
class RuleBookTest {

    private static final long CNY_50_000 = 5_000_000;

    @Test
    void shouldNeverRunADisabledRule() {
        // Given
        final RuleSet ruleSet = ruleSet(rule(RuleIds.LARGE_TRANSFER).setEnabled(false)).build();

        // When
        final Verdict verdict = decide(ruleSet, payment(CNY_50_000));

        // Then
        assertThat(verdict.hits()).isEmpty();
        assertThat(verdict.action()).isEqualTo(Action.PASS);
        assertThat(verdict.score()).isZero();
    }

    @Test
    void shouldGiveEveryHitTheActionAndWeightTheRulesetConfigures() {
        // Given
        final RuleSet ruleSet = ruleSet(rule(RuleIds.LARGE_TRANSFER).setAction(Action.HOLD).setWeight(45)).build();

        // When
        final Verdict verdict = decide(ruleSet, payment(CNY_50_000));

        // Then
        assertThat(verdict.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.HOLD);
            assertThat(hit.getWeight()).isEqualTo(45);
        });
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
        assertThat(verdict.score()).isEqualTo(45);
        assertThat(verdict.stopsMoney()).isTrue();
    }

    @Test
    void shouldHoldWhenWeakHitsTogetherReachTheHoldScore() {
        // Given: review 30 (velocity by amount) + step-up 30 + step-up 30 = 90, at least the hold score 80
        final RuleSet ruleSet = ruleSet(rule(RuleIds.PAYER_VELOCITY), rule(RuleIds.LARGE_TRANSFER),
                rule(RuleIds.CROSS_BORDER_LARGE)).build();
        final FactsBuilder facts = payment(CNY_50_000).crossBorder()
                .payerActivity(activity().paid("6217000000000001", 100, Duration.ofMinutes(1)));

        // When
        final Verdict verdict = decide(ruleSet, facts);

        // Then
        assertThat(verdict.hits()).extracting(RuleHit::getAction)
                .containsExactly(Action.REVIEW, Action.STEP_UP_VERIFY, Action.STEP_UP_VERIFY);
        assertThat(verdict.score()).isEqualTo(90);
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
    }

    @Test
    void shouldReviewAHitWithoutActionOfItsOwnOnceItsWeightReachesTheReviewScore() {
        // Given
        final RuleSet ruleSet = ruleSet(rule(RuleIds.LARGE_TRANSFER).setAction(Action.PASS).setWeight(30)).build();

        // When
        final Verdict verdict = decide(ruleSet, payment(CNY_50_000));

        // Then
        assertThat(verdict.action()).isEqualTo(Action.REVIEW);
    }

    @Test
    void shouldPassAHitWithoutActionOfItsOwnJustBelowTheReviewScore() {
        // Given
        final RuleSet ruleSet = ruleSet(rule(RuleIds.LARGE_TRANSFER).setAction(Action.PASS).setWeight(29)).build();

        // When
        final Verdict verdict = decide(ruleSet, payment(CNY_50_000));

        // Then
        assertThat(verdict.fired(RuleIds.LARGE_TRANSFER)).isTrue();
        assertThat(verdict.action()).isEqualTo(Action.PASS);
    }

    @Test
    void shouldStepUpAtTheStepUpScoreAndStopAtAReachableStopScore() {
        // Given
        final RuleSet stepUp = ruleSet(rule(RuleIds.LARGE_TRANSFER).setAction(Action.PASS).setWeight(50)).build();
        final RuleSet stop = ruleSet(rule(RuleIds.LARGE_TRANSFER).setAction(Action.PASS).setWeight(100))
                .setStopScore(100).build();

        // When
        final Verdict steppedUp = decide(stepUp, payment(CNY_50_000));
        final Verdict stopped = decide(stop, payment(CNY_50_000));

        // Then
        assertThat(steppedUp.action()).isEqualTo(Action.STEP_UP_VERIFY);
        assertThat(stopped.action()).isEqualTo(Action.STOP_PAYMENT);
    }

    @Test
    void shouldCapTheScoreAtOneHundred() {
        // Given
        final RuleSet ruleSet = ruleSet(rule(RuleIds.LARGE_TRANSFER).setWeight(80),
                rule(RuleIds.CROSS_BORDER_LARGE).setWeight(80)).build();

        // When
        final Verdict verdict = decide(ruleSet, payment(CNY_50_000).crossBorder());

        // Then
        assertThat(verdict.score()).isEqualTo(100);
        assertThat(verdict.action()).as("the default stop score 101 is never reached").isEqualTo(Action.HOLD);
    }

    @Test
    void shouldRunPayeeStageRulesOnlyWhenDecidingAndListTheirHitsLast() {
        // Given
        final RuleBook book = RuleBook.from(ruleSet(rule(RuleIds.DORMANT_PAYEE_REACTIVATED),
                rule(RuleIds.LARGE_TRANSFER)).build(), SETTINGS);
        final PaymentFacts facts = payment(CNY_50_000)
                .payeeActivity(activity().lastActive(Duration.ofDays(365))).build();

        // When
        final List<RuleHit> payerStage = book.payerStageHits(facts);
        final Verdict verdict = book.decide(facts, payerStage);

        // Then
        assertThat(payerStage).extracting(RuleHit::getRuleId).containsExactly("LARGE_TRANSFER");
        assertThat(verdict.hits()).extracting(RuleHit::getRuleId)
                .containsExactly("LARGE_TRANSFER", "DORMANT_PAYEE_REACTIVATED");
    }

    @Test
    void shouldCarryTheRulesetVersionIntoEveryVerdict() {
        // Given
        final RuleBook book = RuleBook.from(ruleSet(rule(RuleIds.LARGE_TRANSFER)).setVersion("2026-11-23.1").build(),
                SETTINGS);
        final PaymentFacts facts = payment(100).build();

        // When
        final Verdict verdict = book.decide(facts, book.payerStageHits(facts));

        // Then
        assertThat(book.version()).isEqualTo("2026-11-23.1");
        assertThat(verdict.rulesetVersion()).isEqualTo("2026-11-23.1");
    }

    @Test
    void shouldBuildTheBuiltInRuleBookFromTheBuiltInRuleset() {
        // When
        final RuleBook book = RuleBook.builtIn(SETTINGS);

        // Then
        assertThat(book.version()).isEqualTo("builtin-4");
    }

    @Test
    void shouldRefuseARulesetNamingAnUnknownRule() {
        // Given
        final RuleSet ruleSet = ruleSet(rule(RuleIds.LARGE_TRANSFER)).build();
        ruleSet.getRules().get(0).setRuleId("NO_SUCH_RULE");

        // When / Then
        assertThatThrownBy(() -> RuleBook.from(ruleSet, SETTINGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NO_SUCH_RULE");
    }
}
