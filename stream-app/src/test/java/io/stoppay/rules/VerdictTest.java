package io.stoppay.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.RuleHit;

/** What dormancy counts as money moved (design note 31), at either stage. */
class VerdictTest {

    private static final String DORMANT = RuleIds.DORMANT_PAYER_REACTIVATED;

    @Test
    void shouldCountOnlyAPaymentThatLetTheMoneyGo() {
        assertThat(Verdict.movedMoney(Action.PASS, List.of(), DORMANT)).isTrue();
        assertThat(Verdict.movedMoney(Action.REVIEW, List.of(hit(RuleIds.LARGE_TRANSFER, Action.REVIEW)), DORMANT))
                .isTrue();
        assertThat(Verdict.movedMoney(Action.STEP_UP_VERIFY, List.of(), DORMANT)).isFalse();
        assertThat(Verdict.movedMoney(Action.HOLD, List.of(), DORMANT)).isFalse();
        assertThat(Verdict.movedMoney(Action.STOP_PAYMENT, List.of(), DORMANT)).isFalse();
    }

    /** At the payer stage only the hits are known: one asking a step-up or more decides alone. */
    @Test
    void shouldJudgeOnTheHitsBeforeTheVerdict() {
        assertThat(Verdict.movedMoney(Action.PASS, List.of(hit(RuleIds.PAYEE_RESTRICTED, Action.STOP_PAYMENT)),
                DORMANT)).isFalse();
        assertThat(Verdict.movedMoney(Action.PASS, List.of(hit(RuleIds.CROSS_BORDER_LARGE, Action.STEP_UP_VERIFY)),
                DORMANT)).isFalse();
        assertThat(Verdict.movedMoney(Action.PASS, List.of(hit(RuleIds.PAYER_VELOCITY, Action.REVIEW)), DORMANT))
                .isTrue();
    }

    /** An operator may make the dormancy rule a mere REVIEW: its hit still marks the reactivation. */
    @Test
    void shouldNotCountAFlaggedReactivationWhateverItsAction() {
        assertThat(Verdict.movedMoney(Action.REVIEW, List.of(hit(DORMANT, Action.REVIEW)), DORMANT)).isFalse();
        assertThat(Verdict.movedMoney(Action.REVIEW, List.of(hit(DORMANT, Action.REVIEW)),
                RuleIds.DORMANT_PAYEE_REACTIVATED)).isTrue();
    }

    private static RuleHit hit(final String ruleId, final Action action) {
        return new HitTemplate(ruleId, action, 10).hit("evidence");
    }
}
