package io.stoppay.topology;

import static io.stoppay.topology.Payments.account;
import static io.stoppay.topology.Payments.MULE;
import static io.stoppay.topology.Payments.holder;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.stoppay.config.StopPayConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.AccountClass;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;
import stoppay.v1.WarningKind;

/**
 * Behaviour of both accounts of a payment, in event time, as the built-in ruleset judges it:
 * payer-side features from the payer's task and payee-side ones from the payee's task meet in
 * one decision.
 */
class BehaviourTopologyTest {

    private final InterceptionDriver stopPay = new InterceptionDriver();

    @AfterEach
    void close() {
        stopPay.close();
    }

    @Test
    void shouldHoldThePaymentThatReachesTheFanInThresholdAndReportTheMule() {
        stopPay.account(account(MULE, AccountClass.CLASS_II).setRegionCode("440305").build());
        for (int i = 1; i <= 5; i++) {
            stopPay.pay(payment("T" + i, holder(i), MULE, 100_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(7L * i)))
                    .build());
        }

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions).extracting(kv -> kv.value.getAction())
                .containsExactly(Action.PASS, Action.PASS, Action.PASS, Action.PASS, Action.HOLD);
        assertThat(decisions.get(4).value.getHits()).singleElement().satisfies(hit -> {
            assertThat(hit.getRuleId()).isEqualTo("PAYEE_FAN_IN");
            assertThat(hit.getEvidence()).isEqualTo("payee received first payments of CNY 1,000.00 or more from 5 distinct payers in 28 min; "
                    + "threshold 5");
        });
        assertThat(stopPay.warnings()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("440305");
            assertThat(kv.value.getKind()).isEqualTo(WarningKind.MULE_SUSPECT);
            assertThat(kv.value.getTxnId()).isEqualTo("T5");
        });
    }

    @Test
    void shouldNotHoldARegisteredMerchantOnFanInAlone() {
        stopPay.account(account(MULE, AccountClass.CLASS_I).setMerchant(true).build());
        for (int i = 1; i <= 8; i++) {
            stopPay.pay(payment("T" + i, holder(i), MULE, 3_000).setEventTime(Payments.T0.plusSeconds(60L * i)).build());
        }

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction()).containsOnly(Action.PASS);
    }

    @Test
    void shouldCountALateInflowInsideTheGracePeriod() {
        advanceStreamTimeTo(Payments.T0.plus(Duration.ofMinutes(60)));
        for (int i = 1; i <= 4; i++) {
            // Two minutes behind stream time: late, but inside the five-minute grace.
            stopPay.pay(payment("T" + i, holder(i), MULE, 100_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(58)))
                    .build());
        }
        stopPay.pay(payment("T5", holder(5), MULE, 100_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(61))).build());

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction()).last().isEqualTo(Action.HOLD);
    }

    @Test
    void shouldDecideButNotCountAnInflowLaterThanTheGracePeriod() {
        advanceStreamTimeTo(Payments.T0.plus(Duration.ofMinutes(60)));
        for (int i = 1; i <= 4; i++) {
            // Ten minutes behind stream time: outside the five-minute grace.
            stopPay.pay(payment("T" + i, holder(i), MULE, 100_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(50)))
                    .build());
        }
        stopPay.pay(payment("T5", holder(5), MULE, 100_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(61))).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions).hasSize(5);
        assertThat(decisions).extracting(kv -> kv.value.getAction()).containsOnly(Action.PASS);
        assertThat(stopPay.activityOf(MULE).inflowsSince(Instant.EPOCH)).hasSize(1);
    }

    @Test
    void shouldHoldMoneyThatPassesStraightThroughAnAccount() {
        final String relay = holder(100);
        stopPay.pay(payment("IN", holder(1), relay, 2_000_000).build())
                .pay(payment("OUT", relay, holder(2), 1_700_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(6))).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions.get(0).value.getAction()).isEqualTo(Action.PASS);
        assertThat(decisions.get(1).value.getAction()).isEqualTo(Action.HOLD);
        assertThat(decisions.get(1).value.getHits()).extracting(RuleHit::getRuleId).contains("RAPID_PASS_THROUGH");
        assertThat(stopPay.warnings()).extracting(kv -> kv.value.getKind()).contains(WarningKind.MULE_SUSPECT);
    }

    /**
     * A backlog delivers a salary that came in five minutes after the person paid a friend before the
     * payment to the friend: judged live, that payment passed nothing through, as nothing had come in.
     */
    @Test
    void shouldNotJudgeAPaymentOnMoneyThatCameInAfterIt() {
        final String person = holder(100);
        stopPay.pay(payment("IN", holder(1), person, 1_000_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(5)))
                        .build())
                .pay(payment("OUT", person, holder(2), 900_000).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions).extracting(kv -> kv.key).containsExactly("IN", "OUT");
        assertThat(decisions).extracting(kv -> kv.value.getAction()).containsOnly(Action.PASS);
        assertThat(stopPay.warnings()).isEmpty();
    }

    /** Likewise fan-in: payers who paid the account after this payment are not among those before it. */
    @Test
    void shouldNotCountLaterPayersIntoAnEarlierPaymentsFanIn() {
        for (int i = 1; i <= 4; i++) {
            stopPay.pay(payment("T" + i, holder(i), MULE, 100_000)
                    .setEventTime(Payments.T0.plus(Duration.ofMinutes(10 + i))).build());
        }
        stopPay.pay(payment("T0", holder(9), MULE, 100_000).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions).extracting(kv -> kv.key).last().isEqualTo("T0");
        assertThat(decisions).extracting(kv -> kv.value.getAction()).containsOnly(Action.PASS);
    }

    @Test
    void shouldFlagTheEleventhPaymentInTenMinutesForReview() {
        for (int i = 1; i <= 11; i++) {
            stopPay.pay(payment("T" + i, holder(1), holder(2), 10_000).setEventTime(Payments.T0.plusSeconds(30L * i)).build());
        }

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions.subList(0, 10)).extracting(kv -> kv.value.getAction()).containsOnly(Action.PASS);
        assertThat(decisions.get(10).value.getAction()).isEqualTo(Action.REVIEW);
        assertThat(decisions.get(10).value.getHits()).extracting(RuleHit::getRuleId).containsExactly("PAYER_VELOCITY");
    }

    @Test
    void shouldHoldAVictimPayingOneYoungAccountAfterAnotherAndWarnThePolice() {
        for (int i = 1; i <= 3; i++) {
            stopPay.account(account(holder(10 + i), AccountClass.CLASS_II)
                    .setOpenedAt(Payments.T0.minus(Duration.ofDays(5))).build());
        }
        for (int i = 1; i <= 3; i++) {
            stopPay.pay(payment("T" + i, holder(1), holder(10 + i), 200_000)
                    .setEventTime(Payments.T0.plus(Duration.ofMinutes(5L * i))).build());
        }

        // Each young payee alone is reviewed; the third new payee adds the walk's weight: 40 + 40 = the hold score.
        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions).extracting(kv -> kv.value.getAction())
                .containsExactly(Action.REVIEW, Action.REVIEW, Action.HOLD);
        assertThat(decisions).last().satisfies(kv -> assertThat(kv.value.getHits())
                .extracting(RuleHit::getRuleId).containsExactly("REPEATED_NEW_PAYEES", "NEW_PAYEE_YOUNG_ACCOUNT"));
        final List<KeyValue<String, PoliceWarning>> warnings = stopPay.warnings();
        assertThat(warnings).singleElement().extracting(kv -> kv.value.getKind()).isEqualTo(WarningKind.POTENTIAL_VICTIM);
    }

    /** A safe-account walk to other banks' accounts: nothing known of the payees, the sums hold it, and the police are told. */
    @Test
    void shouldHoldAPersonSendingLargeSumsToNewPayeesAtOtherBanksAndWarnThePolice() {
        stopPay.account(account(holder(1), AccountClass.CLASS_I).setHolderBirthYear(1986).build());
        final long[] amounts = {1_500_000, 2_000_000, 2_500_000};
        for (int i = 0; i < amounts.length; i++) {
            stopPay.pay(payment("T" + (i + 1), holder(1), "6217990000000000" + i, amounts[i])
                    .setEventTime(Payments.T0.plus(Duration.ofMinutes(5L * (i + 1)))).build());
        }

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions).extracting(kv -> kv.value.getAction())
                .containsExactly(Action.PASS, Action.REVIEW, Action.HOLD);
        assertThat(decisions).last().satisfies(kv -> assertThat(kv.value.getHits()).extracting(RuleHit::getRuleId)
                .contains("REPEATED_NEW_PAYEES", "NEW_PAYEES_LARGE_SUM"));
        assertThat(stopPay.warnings()).singleElement().satisfies(kv -> {
            assertThat(kv.value.getKind()).isEqualTo(WarningKind.POTENTIAL_VICTIM);
            assertThat(kv.value.getTxnId()).isEqualTo("T3");
        });
    }

    /** Payroll, a family's evening: a count of new payees alone is not suspicion, nor a case for the police. */
    @Test
    void shouldOnlyReviewAThirdNewPayeeWithNothingElseWrong() {
        for (int i = 1; i <= 3; i++) {
            stopPay.pay(payment("T" + i, holder(1), holder(10 + i), 200_000)
                    .setEventTime(Payments.T0.plus(Duration.ofMinutes(5L * i))).build());
        }

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction())
                .containsExactly(Action.PASS, Action.PASS, Action.REVIEW);
        assertThat(stopPay.warnings()).isEmpty();
    }

    /** Split bills and red packets (88, 520) are everyday life, however many friends share them. */
    @Test
    void shouldNotCountSmallTransfersAsNewPayees() {
        final long[] amounts = {8_800, 52_000, 6_600, 99_999};
        for (int i = 0; i < amounts.length; i++) {
            stopPay.pay(payment("T" + i, holder(1), holder(10 + i), amounts[i])
                    .setEventTime(Payments.T0.plus(Duration.ofMinutes(i))).build());
        }
        stopPay.pay(payment("T9", holder(1), holder(20), 100_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(9)))
                .build());

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction()).containsOnly(Action.PASS);
    }

    /** A first purchase at a registered merchant is not a new payee: two relatives and a shop are not a walk. */
    @Test
    void shouldNotCountARegisteredMerchantAsANewPayee() {
        stopPay.account(account(MULE, AccountClass.CLASS_I).setMerchant(true).build());
        stopPay.pay(payment("T1", holder(1), holder(11), 200_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(1))).build())
                .pay(payment("T2", holder(1), holder(12), 200_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(2))).build())
                .pay(payment("T3", holder(1), MULE, 200_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(3))).build())
                .pay(payment("T4", holder(1), holder(13), 200_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(4))).build());

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction())
                .containsExactly(Action.PASS, Action.PASS, Action.PASS, Action.REVIEW);
    }

    @Test
    void shouldAskToVerifyALargePaymentFromALongDormantAccount() {
        stopPay.account(account(holder(1), AccountClass.CLASS_I)
                .setLastActiveAt(Payments.T0.minus(Duration.ofDays(200))).build());

        stopPay.pay(payment("T1", holder(1), holder(2), 600_000).build());

        final RiskDecision decision = stopPay.onlyDecision();
        assertThat(decision.getAction()).isEqualTo(Action.STEP_UP_VERIFY);
        assertThat(decision.getHits()).extracting(RuleHit::getRuleId).containsExactly("DORMANT_PAYER_REACTIVATED");
    }

    /** A fraudster refused at the step-up tries again: the attempt did not make the account active. */
    @Test
    void shouldAskAgainWhenADormantPayerRetriesAfterAStepUp() {
        stopPay.account(account(holder(1), AccountClass.CLASS_I)
                .setLastActiveAt(Payments.T0.minus(Duration.ofDays(200))).build());

        stopPay.pay(payment("T1", holder(1), holder(2), 600_000).build())
                .pay(payment("T2", holder(1), holder(3), 600_000).setEventTime(Payments.T0.plusSeconds(60)).build());

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction(),
                        kv -> kv.value.getHits().stream().map(RuleHit::getRuleId).toList())
                .containsExactly(tuple(Action.STEP_UP_VERIFY, List.of("DORMANT_PAYER_REACTIVATED")),
                        tuple(Action.STEP_UP_VERIFY, List.of("DORMANT_PAYER_REACTIVATED")));
        assertThat(stopPay.activityOf(holder(1)).lastActiveAt()).contains(Payments.T0.plusSeconds(60));
        assertThat(stopPay.activityOf(holder(1)).lastMovedMoneyAt()).isEmpty();
    }

    /** Money that moved ends the dormancy: a small payment passed, so the large one after it is ordinary. */
    @Test
    void shouldTakeAPaymentThatMovedMoneyAsTheEndOfDormancy() {
        stopPay.account(account(holder(1), AccountClass.CLASS_I)
                .setLastActiveAt(Payments.T0.minus(Duration.ofDays(200))).build());

        stopPay.pay(payment("T1", holder(1), holder(2), 600_000).build())
                .pay(payment("T2", holder(1), holder(3), 20_000).setEventTime(Payments.T0.plusSeconds(60)).build())
                .pay(payment("T3", holder(1), holder(4), 600_000).setEventTime(Payments.T0.plusSeconds(120)).build());

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction())
                .containsExactly(Action.STEP_UP_VERIFY, Action.PASS, Action.PASS);
        assertThat(stopPay.activityOf(holder(1)).lastMovedMoneyAt()).contains(Payments.T0.plusSeconds(120));
    }

    /** Neither a held inflow nor a flagged one makes a dormant payee active: the money did not arrive, or is unconfirmed. */
    @Test
    void shouldKeepFlaggingADormantPayeeAfterInflowsThatDidNotArrive() {
        stopPay.account(account(holder(9), AccountClass.CLASS_I)
                .setLastActiveAt(Payments.T0.minus(Duration.ofDays(200))).build());
        stopPay.list(Payments.listed(stoppay.v1.SubjectType.ACCOUNT, holder(1), stoppay.v1.ListType.FRAUD_ACCOUNT).build());

        stopPay.pay(payment("T1", holder(1), holder(9), 600_000).build())
                .pay(payment("T2", holder(2), holder(9), 600_000).setEventTime(Payments.T0.plusSeconds(60)).build())
                .pay(payment("T3", holder(3), holder(9), 600_000).setEventTime(Payments.T0.plusSeconds(120)).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions.get(0).value.getAction()).isIn(Action.HOLD, Action.STOP_PAYMENT);
        assertThat(decisions.subList(1, 3)).extracting(kv -> kv.value.getAction(),
                        kv -> kv.value.getHits().stream().map(RuleHit::getRuleId).toList())
                .containsOnly(tuple(Action.STEP_UP_VERIFY, List.of("DORMANT_PAYEE_REACTIVATED")));
        assertThat(stopPay.activityOf(holder(9)).lastActiveAt()).contains(Payments.T0.plusSeconds(120));
        assertThat(stopPay.activityOf(holder(9)).lastMovedMoneyAt()).isEmpty();
    }

    @Test
    void shouldHoldALargeInflowIntoANewlyOpenedAccount() {
        stopPay.account(account(MULE, AccountClass.CLASS_II).setOpenedAt(Payments.T0.minus(Duration.ofDays(5))).build());

        stopPay.pay(payment("T1", holder(1), MULE, 3_000_000).build())
                .pay(payment("T2", holder(2), MULE, 3_000_000).setEventTime(Payments.T0.plusSeconds(600)).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions.get(0).value.getAction()).isEqualTo(Action.REVIEW);
        assertThat(decisions.get(0).value.getHits()).extracting(RuleHit::getRuleId)
                .containsExactly("NEW_PAYEE_YOUNG_ACCOUNT");
        assertThat(decisions.get(1).value.getAction()).isEqualTo(Action.HOLD);
        assertThat(decisions.get(1).value.getHits()).extracting(RuleHit::getRuleId)
                .containsExactly("NEW_PAYEE_YOUNG_ACCOUNT", "NEW_ACCOUNT_LARGE_INFLOW");
        // Held paying a young account: the payer is a victim to reach, the account a mule to list.
        assertThat(stopPay.warnings()).extracting(kv -> kv.value.getKind(), kv -> kv.value.getTxnId())
                .containsExactlyInAnyOrder(tuple(WarningKind.POTENTIAL_VICTIM, "T2"), tuple(WarningKind.MULE_SUSPECT, "T2"));
    }

    @Test
    void shouldAskToVerifyLargeCrossBorderAndDigitalRmbPayments() {
        stopPay.pay(payment("T1", holder(1), holder(2), 2_500_000).setCrossBorder(true).build())
                .pay(payment("T2", holder(3), holder(4), 1_200_000).setChannel(Channel.DIGITAL_RMB).build())
                .pay(payment("T3", holder(5), holder(6), 900_000).setChannel(Channel.DIGITAL_RMB).build());

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction())
                .containsExactly(Action.STEP_UP_VERIFY, Action.STEP_UP_VERIFY, Action.PASS);
    }

    @Test
    void shouldBringBothSidesIntoOneDecision() {
        stopPay.account(account(MULE, AccountClass.CLASS_I).build());
        for (int i = 1; i <= 4; i++) {
            stopPay.pay(payment("T" + i, holder(i), MULE, 100_000).setEventTime(Payments.T0.plusSeconds(60L * i)).build());
        }

        stopPay.pay(payment("T5", holder(5), MULE, 6_000_000).setEventTime(Payments.T0.plusSeconds(300)).build());

        assertThat(stopPay.decisions()).last().satisfies(kv -> assertThat(kv.value.getHits())
                .extracting(RuleHit::getRuleId).containsExactlyInAnyOrder("LARGE_TRANSFER", "PAYEE_FAN_IN"));
    }

    @Test
    void shouldForgetPaymentsOlderThanTheRetention() {
        for (int i = 1; i <= 4; i++) {
            stopPay.pay(payment("T" + i, holder(i), MULE, 10_000).setEventTime(Payments.T0.plusSeconds(60L * i)).build());
        }
        assertThat(stopPay.activityOf(MULE).inflowsSince(Instant.EPOCH)).hasSize(4);

        stopPay.pay(payment("T5", holder(5), MULE, 10_000).setEventTime(Payments.T0.plus(Duration.ofHours(25))).build());

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction()).containsOnly(Action.PASS);
        assertThat(stopPay.activityOf(MULE).inflowsSince(Instant.EPOCH)).extracting(flow -> flow.getTxnId())
                .containsExactly("T5");
        assertThat(stopPay.activityOf(MULE).lastActiveAt()).contains(Payments.T0.plus(Duration.ofHours(25)));
    }

    /** A busy account costs a bounded read: the rules see at most max.flows of its newest payments each way. */
    @Test
    void shouldLookAtNoMoreThanTheNewestMaxFlowsPaymentsOfAnAccount() {
        try (InterceptionDriver capped = new InterceptionDriver(Map.of(StopPayConfig.BEHAVIOUR_MAX_FLOWS, "10"))) {
            for (int i = 1; i <= 12; i++) {
                capped.pay(payment("T" + i, holder(i), MULE, 10_000).setEventTime(Payments.T0.plusSeconds(i)).build());
            }

            assertThat(capped.activityOf(MULE).inflowsSince(Instant.EPOCH)).extracting(flow -> flow.getTxnId())
                    .containsExactly("T12", "T11", "T10", "T9", "T8", "T7", "T6", "T5", "T4", "T3");
            assertThat(capped.storedInflowTxnIds(MULE)).hasSize(12);
        }
    }

    /** Forgotten is also gone: whole segments past the retention are dropped, so state does not grow with time. */
    @Test
    void shouldDropStoredPaymentsOnceTheirSegmentIsPastTheRetention() {
        for (int i = 1; i <= 4; i++) {
            stopPay.pay(payment("T" + i, holder(i), MULE, 10_000).setEventTime(Payments.T0.plusSeconds(60L * i)).build());
        }
        assertThat(stopPay.storedInflowTxnIds(MULE)).containsExactly("T1", "T2", "T3", "T4");

        // Retention one day, segments half a day: two days on, the first segment is surely gone.
        stopPay.pay(payment("T5", holder(5), MULE, 10_000).setEventTime(Payments.T0.plus(Duration.ofHours(48))).build());

        assertThat(stopPay.storedInflowTxnIds(MULE)).containsExactly("T5");
    }

    /** A business owner with many cards, all in their name, on their own phone: one payer (FIELD-NOTES). */
    @Test
    void shouldNotHoldOneHoldersManyAccountsOnTheirOwnDevice() {
        for (int i = 1; i <= 7; i++) {
            stopPay.pay(payment("T" + i, "owner", holder(100 + i), 10_000).setDeviceId("dev-owner-phone")
                    .setPayer(Payments.partyWith(holder(i)).setIdNumberHash("hash-of-the-owner").build())
                    .setEventTime(Payments.T0.plusSeconds(60L * i)).build());
        }

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction()).containsOnly(Action.PASS);
    }

    /**
     * The count is published beside the decision path: the fifth account's payment makes it 5
     * and is decided before that is visible; the sixth sees it.
     */
    @Test
    void shouldHoldPaymentsFromADeviceThatManyPayerAccountsUse() {
        for (int i = 1; i <= 5; i++) {
            stopPay.pay(payment("T" + i, holder(i), holder(100 + i), 10_000).setDeviceId("dev-farm-01")
                    .setEventTime(Payments.T0.plusSeconds(60L * i)).build());
        }
        stopPay.pay(payment("T6", holder(6), holder(106), 10_000).setDeviceId("dev-farm-01")
                .setEventTime(Payments.T0.plusSeconds(360)).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions.subList(0, 5)).extracting(kv -> kv.value.getAction()).containsOnly(Action.PASS);
        assertThat(decisions.get(5).value.getAction()).isEqualTo(Action.HOLD);
        assertThat(decisions.get(5).value.getHits()).singleElement().extracting(RuleHit::getEvidence)
                .isEqualTo("payer device dev-… was used by 5 payer accounts; threshold 5");
    }

    /**
     * A published count is withdrawn when a payer counted already pays again after the others fell
     * out of the window (24 h): the scan that a known payer on an unpublished channel is spared must
     * still run on a published one.
     */
    @Test
    void shouldWithdrawADeviceCountWhenItsOtherPayersFallOutOfTheWindow() {
        for (int i = 1; i <= 4; i++) {
            stopPay.pay(payment("T" + i, holder(i), holder(100 + i), 10_000).setDeviceId("dev-family-tablet")
                    .setEventTime(Payments.T0.plusSeconds(60L * i)).build());
        }
        stopPay.pay(payment("T5", holder(5), holder(105), 10_000).setDeviceId("dev-family-tablet")
                .setEventTime(Payments.T0.plus(Duration.ofHours(23))).build());
        stopPay.pay(payment("T6", holder(5), holder(105), 10_000).setDeviceId("dev-family-tablet")
                .setEventTime(Payments.T0.plus(Duration.ofHours(25))).build());
        stopPay.pay(payment("T7", holder(5), holder(105), 10_000).setDeviceId("dev-family-tablet")
                .setEventTime(Payments.T0.plus(Duration.ofHours(25)).plusSeconds(60)).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions).extracting(kv -> kv.value.getTxnId()).containsExactly("T1", "T2", "T3", "T4", "T5",
                "T6", "T7");
        // T6 still saw the count of 5 that T5 made (published beside the path); counting T6, its payer
        // alone was left in the window, which withdrew the count before T7.
        assertThat(decisions.get(5).value.getAction()).isEqualTo(Action.HOLD);
        assertThat(decisions.get(6).value.getAction()).isEqualTo(Action.PASS);
    }

    @Test
    void shouldReviewAPaymentToAHolderOfManyAccountsAndCards() {
        for (int i = 1; i <= 5; i++) {
            stopPay.link(stoppay.v1.SubjectType.ID_NUMBER, "hash-of-card-trader", stoppay.v1.SubjectType.ACCOUNT,
                    holder(200 + i), stoppay.v1.LinkKind.HOLDER_ACCOUNT);
        }

        stopPay.pay(payment("T1", holder(1), holder(201), 10_000)
                .setPayee(Payments.partyWith(holder(201)).setIdNumberHash("hash-of-card-trader").build()).build());

        final RiskDecision decision = stopPay.onlyDecision();
        assertThat(decision.getAction()).isEqualTo(Action.REVIEW);
        assertThat(decision.getHits()).singleElement().extracting(RuleHit::getRuleId).isEqualTo("ONE_PERSON_MANY_CARDS");
    }

    /** Stream time only moves with records: one unrelated payment takes it there. */
    private void advanceStreamTimeTo(final Instant time) {
        stopPay.pay(payment("CLOCK", holder(900), holder(901), 100).setEventTime(time).build());
        stopPay.decisions();
    }
}
