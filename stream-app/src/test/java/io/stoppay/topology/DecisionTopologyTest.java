package io.stoppay.topology;

import static io.stoppay.topology.Payments.account;
import static io.stoppay.topology.Payments.listed;
import static io.stoppay.topology.Payments.partyWith;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static stoppay.v1.SubjectType.ACCOUNT;
import static stoppay.v1.SubjectType.CARD;
import static stoppay.v1.SubjectType.ID_NUMBER;
import static stoppay.v1.SubjectType.IP;
import static stoppay.v1.SubjectType.PHONE;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import stoppay.v1.AccountClass;
import stoppay.v1.AccountProfile;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.LinkKind;
import stoppay.v1.ListType;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;
import stoppay.v1.StopPaymentAlert;
import stoppay.v1.WarningKind;

/** Every built-in rule, the decision it leads to, and what the bank and the police receive. */
class DecisionTopologyTest {

    private static final String PAYER = "6222020200112233445";
    private static final String PAYEE = "6217000011112222333";
    private static final String OTHER_ELDERLY_PAYER = "6222020200998877665";
    private static final String THIRD_ELDERLY_PAYER = "6222020200776655443";
    private static final String PAYEE_CARD = "6228480012345671234";
    private static final String PAYEE_PHONE = "13812345678";

    private final InterceptionDriver stopPay = new InterceptionDriver();

    @AfterEach
    void close() {
        stopPay.close();
    }

    @Test
    void shouldPassAnOrdinaryPaymentAndPublishOnlyItsDecision() {
        stopPay.pay(payment("T1", PAYER, PAYEE, 12_000).build());

        final RiskDecision decision = stopPay.onlyDecision();
        assertThat(decision.getTxnId()).isEqualTo("T1");
        assertThat(decision.getAction()).isEqualTo(Action.PASS);
        assertThat(decision.getScore()).isZero();
        assertThat(decision.getHits()).isEmpty();
        assertThat(decision.getRulesetVersion()).isEqualTo("builtin-4");
        assertThat(decision.getEventTime()).isEqualTo(Payments.T0);
        assertThat(stopPay.alerts()).isEmpty();
        assertThat(stopPay.warnings()).isEmpty();
    }

    @Test
    void shouldKeyDecisionsByTxnIdAndAlertsByPayer() {
        stopPay.list(listed(ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build());

        stopPay.pay(payment("T1", PAYER, PAYEE, 300_000).build());

        assertThat(stopPay.decisions()).extracting(kv -> kv.key).containsExactly("T1");
        assertThat(stopPay.alerts()).extracting(kv -> kv.key).containsExactly(PAYER);
    }

    @Nested
    class RestrictedPayee {

        @Test
        void shouldStopAPaymentToAListedAccountAndWarnThePoliceOfItsRegion() {
            stopPay.account(account(PAYEE, AccountClass.CLASS_II).setRegionCode("440305").build())
                    .list(listed(ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 300_000).build());

            final RiskDecision decision = stopPay.onlyDecision();
            assertThat(decision.getAction()).isEqualTo(Action.STOP_PAYMENT);
            assertThat(decision.getScore()).isEqualTo(100);
            assertThat(decision.getHits()).singleElement().satisfies(hit -> {
                assertThat(hit.getRuleId()).isEqualTo("PAYEE_RESTRICTED");
                assertThat(hit.getEvidence()).isEqualTo("payee account 6217…2333 is listed as FRAUD_ACCOUNT, level 3, "
                        + "source PSB-320600-antifraud-centre, case 2026-JS-0042");
            });
            final StopPaymentAlert alert = onlyValue(stopPay.alerts());
            assertThat(alert.getAlertId()).isEqualTo(Publications.alertId("T1"));
            assertThat(alert.getAction()).isEqualTo(Action.STOP_PAYMENT);
            assertThat(alert.getPayerAccountId()).isEqualTo(PAYER);
            assertThat(alert.getPayeeAccountId()).isEqualTo(PAYEE);
            assertThat(alert.getAmountMinor()).isEqualTo(300_000);
            assertThat(alert.getReasons()).singleElement().asString().startsWith("PAYEE_RESTRICTED: payee account");
            final List<KeyValue<String, PoliceWarning>> warnings = stopPay.warnings();
            assertThat(warnings).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo("440305");
                assertThat(kv.value.getKind()).isEqualTo(WarningKind.FRAUD_ACCOUNT_ACTIVITY);
                assertThat(kv.value.getWarningId()).isEqualTo(Publications.warningId(WarningKind.FRAUD_ACCOUNT_ACTIVITY, "T1"));
            });
        }

        @Test
        void shouldStopAPaymentToAPhoneOneHopFromALevelThreeListedCard() {
            stopPay.link(CARD, PAYEE_CARD, PHONE, PAYEE_PHONE, LinkKind.CARD_PHONE)
                    .list(listed(CARD, PAYEE_CARD, ListType.FRAUD_ACCOUNT).setCaseId("2026-XX-123").build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 300_000)
                    .setPayee(partyWith(PAYEE).setPhone(PAYEE_PHONE).build()).build());

            final RiskDecision decision = stopPay.onlyDecision();
            assertThat(decision.getAction()).isEqualTo(Action.STOP_PAYMENT);
            assertThat(decision.getHits()).extracting(RuleHit::getEvidence).containsExactly(
                    "payee phone 138****5678 is linked to FRAUD_ACCOUNT card 6228…1234 via CARD_PHONE (1 hop), "
                            + "level 3, source PSB-320600-antifraud-centre, case 2026-XX-123");
            assertThat(stopPay.warnings()).as("linked, not itself listed: no fraud-account warning").isEmpty();
        }

        @Test
        void shouldHoldAPaymentToAnAccountTwoHopsFromAListing() {
            stopPay.link(ACCOUNT, PAYEE, PHONE, PAYEE_PHONE, LinkKind.HOLDER_PHONE)
                    .link(CARD, PAYEE_CARD, PHONE, PAYEE_PHONE, LinkKind.CARD_PHONE)
                    .list(listed(CARD, PAYEE_CARD, ListType.FRAUD_ACCOUNT).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 300_000).build());

            final RiskDecision decision = stopPay.onlyDecision();
            assertThat(decision.getAction()).isEqualTo(Action.HOLD);
            assertThat(decision.getHits()).singleElement().extracting(RuleHit::getEvidence).asString()
                    .contains("via HOLDER_PHONE → CARD_PHONE (2 hops)");
            assertThat(onlyValue(stopPay.alerts()).getAction()).isEqualTo(Action.HOLD);
        }

        @Test
        void shouldHoldAPaymentToAnAccountOneHopFromALowerRiskListing() {
            stopPay.link(ACCOUNT, PAYEE, CARD, PAYEE_CARD, LinkKind.ACCOUNT_CARD)
                    .list(listed(CARD, PAYEE_CARD, ListType.MULE_SUSPECT).setRiskLevel(2).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 300_000).build());

            assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.HOLD);
        }

        @Test
        void shouldPassAgainOnceTheListingIsReleasedOnAppeal() {
            stopPay.list(listed(ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build())
                    .release(ACCOUNT, PAYEE);

            stopPay.pay(payment("T1", PAYER, PAYEE, 300_000).build());

            assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.PASS);
        }
    }

    @Nested
    class RestrictedPayer {

        @Test
        void shouldStopAListedAccountMovingMoneyAndWarnThePolice() {
            stopPay.list(listed(ACCOUNT, PAYER, ListType.ACCOUNT_TRADER).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 50_000).build());

            assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.STOP_PAYMENT);
            assertThat(stopPay.warnings()).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo("320623");
                assertThat(kv.value.getKind()).isEqualTo(WarningKind.FRAUD_ACCOUNT_ACTIVITY);
            });
        }

        @Test
        void shouldHoldAPaymentFromAHighRiskIp() {
            stopPay.list(listed(IP, "203.0.113.7", ListType.HIGH_RISK_IP).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 50_000).setIpAddress("203.0.113.7").build());

            final RiskDecision decision = stopPay.onlyDecision();
            assertThat(decision.getAction()).isEqualTo(Action.HOLD);
            assertThat(decision.getHits()).singleElement().extracting(RuleHit::getEvidence).asString()
                    .startsWith("payer IP 203.0.*.* is listed as HIGH_RISK_IP");
        }
    }

    @Nested
    class PotentialVictims {

        @Test
        void shouldHoldALargePaymentOfAProtectedPayerAndWarnThePolice() {
            stopPay.link(ID_NUMBER, "hash-of-victim", ACCOUNT, PAYER, LinkKind.HOLDER_ACCOUNT)
                    .list(listed(ID_NUMBER, "hash-of-victim", ListType.VICTIM_WATCH).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 800_000).build());

            final RiskDecision decision = stopPay.onlyDecision();
            assertThat(decision.getAction()).isEqualTo(Action.HOLD);
            assertThat(decision.getHits()).extracting(RuleHit::getRuleId).containsExactly("PAYER_PROTECTED_LARGE");
            final PoliceWarning warning = onlyValue(stopPay.warnings());
            assertThat(warning.getKind()).isEqualTo(WarningKind.POTENTIAL_VICTIM);
            assertThat(warning.getRegionCode()).isEqualTo("320623");
            assertThat(warning.getAmountMinor()).isEqualTo(800_000);
        }

        @Test
        void shouldLetASmallPaymentOfAProtectedPayerThrough() {
            stopPay.list(listed(ACCOUNT, PAYER, ListType.VICTIM_WATCH).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 20_000).build());

            assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.PASS);
            assertThat(stopPay.warnings()).isEmpty();
        }

        /** A grandparent's first large gift looks like this: the bank verifies it with them; nothing is held. */
        @Test
        void shouldAskAnElderlyPayerToVerifyALargePaymentToANewPayee() {
            stopPay.account(account(PAYER, AccountClass.CLASS_I).setHolderBirthYear(1950).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 600_000).build());

            final RiskDecision decision = stopPay.onlyDecision();
            assertThat(decision.getAction()).isEqualTo(Action.STEP_UP_VERIFY);
            assertThat(decision.getHits()).singleElement().extracting(RuleHit::getEvidence).asString()
                    .isEqualTo("payer aged 76 sends CNY 6,000.00 to a new payee (elderly from 60, large from CNY 5,000.00)");
            assertThat(stopPay.warnings()).isEmpty();
        }

        /** A grandparent's first gift to a grandchild's new account looks like a scam's first victim: verified. */
        @Test
        void shouldAskAnElderlyPayerToVerifyAFirstLargePaymentToAYoungAccount() {
            stopPay.account(account(PAYER, AccountClass.CLASS_I).setHolderBirthYear(1950).build())
                    .account(youngAccount(PAYEE));

            stopPay.pay(payment("T1", PAYER, PAYEE, 600_000).build());

            final RiskDecision decision = stopPay.onlyDecision();
            assertThat(decision.getAction()).isEqualTo(Action.STEP_UP_VERIFY);
            assertThat(decision.getHits()).extracting(RuleHit::getRuleId)
                    .containsExactly("ELDERLY_LARGE_TO_NEW_PAYEE", "NEW_PAYEE_YOUNG_ACCOUNT");
            assertThat(decision.getHits()).last().extracting(RuleHit::getEvidence).asString().isEqualTo(
                    "first payment of CNY 6,000.00 to account 6217…2333, opened 10 d before it; young for 30 d, "
                            + "from CNY 1,000.00");
            assertThat(stopPay.warnings()).isEmpty();
        }

        @Test
        void shouldHoldTheThirdElderlyVictimOfAYoungAccountAndWarnThePoliceAboutBoth() {
            stopPay.account(account(PAYER, AccountClass.CLASS_I).setHolderBirthYear(1950).build())
                    .account(account(OTHER_ELDERLY_PAYER, AccountClass.CLASS_I).setHolderBirthYear(1948).build())
                    .account(account(THIRD_ELDERLY_PAYER, AccountClass.CLASS_I).setHolderBirthYear(1952).build())
                    .account(youngAccount(PAYEE))
                    .pay(payment("T1", OTHER_ELDERLY_PAYER, PAYEE, 900_000).build())
                    .pay(payment("T2", THIRD_ELDERLY_PAYER, PAYEE, 700_000).setEventTime(Payments.T0.plus(Duration.ofHours(1)))
                            .build());
            assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction()).as("the first two victims")
                    .containsExactly(Action.STEP_UP_VERIFY, Action.STEP_UP_VERIFY);

            stopPay.pay(payment("T3", PAYER, PAYEE, 600_000).setEventTime(Payments.T0.plus(Duration.ofHours(2))).build());

            final RiskDecision decision = stopPay.onlyDecision();
            assertThat(decision.getAction()).isEqualTo(Action.HOLD);
            assertThat(decision.getHits()).extracting(RuleHit::getRuleId).containsExactly(
                    "ELDERLY_LARGE_TO_NEW_PAYEE", "NEW_PAYEE_YOUNG_ACCOUNT", "ELDERLY_TO_COLLECTION_ACCOUNT");
            assertThat(decision.getHits()).last().extracting(RuleHit::getEvidence).asString().isEqualTo(
                    "payer aged 76 pays CNY 6,000.00 to account 6217…2333, opened 10 d before it, which took first "
                            + "payments of CNY 5,000.00 or more from 3 distinct payers in 1 d, this one included; "
                            + "elderly from 60, young for 30 d, threshold 3");
            assertThat(stopPay.warnings()).extracting(warning -> warning.value.getKind())
                    .containsExactlyInAnyOrder(WarningKind.POTENTIAL_VICTIM, WarningKind.MULE_SUSPECT);
        }

        @Test
        void shouldNotHoldAnElderlyPayersLargePaymentToAPayeeTheyPaidBefore() {
            stopPay.account(account(PAYER, AccountClass.CLASS_I).setHolderBirthYear(1950).build())
                    .pay(payment("T1", PAYER, PAYEE, 10_000).setEventTime(Payments.T0.minus(Duration.ofDays(30))).build());
            stopPay.decisions();

            stopPay.pay(payment("T2", PAYER, PAYEE, 600_000).build());

            assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.PASS);
        }

        @Test
        void shouldStillTreatThePayeeOfAHeldPaymentAsNewOnTheSecondAttempt() {
            stopPay.account(account(PAYER, AccountClass.CLASS_I).setHolderBirthYear(1950).build())
                    .account(account(OTHER_ELDERLY_PAYER, AccountClass.CLASS_I).setHolderBirthYear(1948).build())
                    .account(youngAccount(PAYEE))
                    .account(account(THIRD_ELDERLY_PAYER, AccountClass.CLASS_I).setHolderBirthYear(1952).build())
                    .pay(payment("T0", OTHER_ELDERLY_PAYER, PAYEE, 900_000).setEventTime(Payments.T0.minusSeconds(120))
                            .build())
                    .pay(payment("T0B", THIRD_ELDERLY_PAYER, PAYEE, 900_000).setEventTime(Payments.T0.minusSeconds(60))
                            .build())
                    .pay(payment("T1", PAYER, PAYEE, 600_000).build())
                    .pay(payment("T2", PAYER, PAYEE, 600_000).setEventTime(Payments.T0.plusSeconds(60)).build());

            assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction())
                    .containsExactly(Action.STEP_UP_VERIFY, Action.STEP_UP_VERIFY, Action.HOLD, Action.HOLD);
        }

        @Test
        void shouldTreatAPayeeLastPaidBeyondTheLookBackAsNew() {
            stopPay.account(account(PAYER, AccountClass.CLASS_I).setHolderBirthYear(1950).build())
                    .pay(payment("T1", PAYER, PAYEE, 10_000).setEventTime(Payments.T0.minus(Duration.ofDays(91))).build());
            stopPay.decisions();

            stopPay.pay(payment("T2", PAYER, PAYEE, 600_000).build());

            assertThat(stopPay.onlyDecision().getHits()).extracting(RuleHit::getRuleId)
                    .containsExactly("ELDERLY_LARGE_TO_NEW_PAYEE");
        }

        @Test
        void shouldNotTreatAYoungerPayerAsElderly() {
            stopPay.account(account(PAYER, AccountClass.CLASS_I).setHolderBirthYear(1990).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 600_000).build());

            assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.PASS);
        }
    }

    @Nested
    class AccountLimits {

        @Test
        void shouldHoldTheNonCounterPaymentThatTakesAClassTwoAccountPastItsDailyLimit() {
            stopPay.account(account(PAYER, AccountClass.CLASS_II).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 600_000).build())
                    .pay(payment("T2", PAYER, "6217000099990000111", 300_000).setEventTime(Payments.T0.plusSeconds(60)).build())
                    .pay(payment("T3", PAYER, PAYEE, 200_000).setEventTime(Payments.T0.plusSeconds(120)).build());

            final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
            assertThat(decisions).extracting(kv -> kv.value.getAction())
                    .containsExactly(Action.PASS, Action.PASS, Action.HOLD);
            assertThat(decisions.get(2).value.getHits()).singleElement().extracting(RuleHit::getEvidence).asString()
                    .isEqualTo("payer CLASS_II account 6222…3445 would pay CNY 11,000.00 through non-counter channels "
                            + "today (CNY 9,000.00 before this payment); daily limit CNY 10,000.00");
        }

        /**
         * A bank downgrades an account to Class II during the day: the profile read for the first
         * payment (and kept on the heap since) must not judge the next one.
         */
        @Test
        void shouldJudgeTheNextPaymentOnAProfileTheBankChangedMeanwhile() {
            stopPay.account(account(PAYER, AccountClass.CLASS_I).build());
            stopPay.pay(payment("T1", PAYER, PAYEE, 900_000).build());

            stopPay.account(account(PAYER, AccountClass.CLASS_II).build());
            stopPay.pay(payment("T2", PAYER, PAYEE, 300_000).setEventTime(Payments.T0.plusSeconds(60)).build());

            final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
            assertThat(decisions).extracting(kv -> kv.value.getAction()).containsExactly(Action.PASS, Action.HOLD);
            assertThat(decisions.get(1).value.getHits()).extracting(RuleHit::getRuleId)
                    .containsExactly("DAILY_NON_COUNTER_LIMIT");
        }

        @Test
        void shouldNotCountAHeldPaymentTowardsTheDailyTotal() {
            stopPay.account(account(PAYER, AccountClass.CLASS_II).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 1_100_000).build())
                    .pay(payment("T2", PAYER, PAYEE, 900_000).setEventTime(Payments.T0.plusSeconds(60)).build());

            assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction())
                    .containsExactly(Action.HOLD, Action.PASS);
        }

        @Test
        void shouldStartANewDailyTotalAtMidnightInTheBusinessZone() {
            stopPay.account(account(PAYER, AccountClass.CLASS_II).build());
            // T0 is 10:00 in Shanghai; 14 hours later is the next business day.
            stopPay.pay(payment("T1", PAYER, PAYEE, 900_000).build())
                    .pay(payment("T2", PAYER, PAYEE, 900_000).setEventTime(Payments.T0.plus(Duration.ofHours(14))).build());

            assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction())
                    .containsExactly(Action.PASS, Action.PASS);
        }

        @Test
        void shouldNotCountCounterPaymentsAgainstTheNonCounterLimit() {
            stopPay.account(account(PAYER, AccountClass.CLASS_III).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 900_000).setChannel(Channel.COUNTER).build());

            assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.PASS);
        }

        @Test
        void shouldPreferTheAccountsOwnLimitToItsClassDefault() {
            stopPay.account(account(PAYER, AccountClass.CLASS_I).setDailyNonCounterLimitMinor(100_000L).build());

            stopPay.pay(payment("T1", PAYER, PAYEE, 150_000).build());

            assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.HOLD);
        }

        @Test
        void shouldAskForStepUpVerificationOfALargeTransfer() {
            stopPay.pay(payment("T1", PAYER, PAYEE, 6_000_000).build());

            final RiskDecision decision = stopPay.onlyDecision();
            assertThat(decision.getAction()).isEqualTo(Action.STEP_UP_VERIFY);
            assertThat(decision.getScore()).isEqualTo(30);
            assertThat(stopPay.alerts()).as("step-up is not a stop").isEmpty();
        }

        @Test
        void shouldNotCompareAForeignCurrencyAmountWithCnyThresholds() {
            stopPay.pay(payment("T1", PAYER, PAYEE, 6_000_000).setCurrency("USD").build());

            assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.PASS);
        }
    }

    @Test
    void shouldCombineHitsIntoTheMostSevereActionAndACappedScore() {
        stopPay.account(account(PAYER, AccountClass.CLASS_II).build())
                .list(listed(ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build());

        stopPay.pay(payment("T1", PAYER, PAYEE, 6_000_000).build());

        final RiskDecision decision = stopPay.onlyDecision();
        assertThat(decision.getHits()).extracting(RuleHit::getRuleId)
                .containsExactly("PAYEE_RESTRICTED", "DAILY_NON_COUNTER_LIMIT", "LARGE_TRANSFER");
        assertThat(decision.getAction()).isEqualTo(Action.STOP_PAYMENT);
        assertThat(decision.getScore()).isEqualTo(100);
    }

    @Test
    void shouldDecideARedeliveredTransactionOnlyOnce() {
        stopPay.list(listed(ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build());

        stopPay.pay(payment("T1", PAYER, PAYEE, 300_000).build())
                .pay(payment("T1", PAYER, PAYEE, 300_000).build())
                .pay(payment("T1", PAYER, PAYEE, 300_000).setEventTime(Payments.T0.plusSeconds(30)).build());

        assertThat(stopPay.decisions()).hasSize(1);
        assertThat(stopPay.alerts()).hasSize(1);
        assertThat(stopPay.warnings()).hasSize(1);
    }

    @Test
    void shouldDecideATxnIdAgainOnceTheDedupeWindowHasPassed() {
        stopPay.pay(payment("T1", PAYER, PAYEE, 300_000).build())
                .pay(payment("T1", PAYER, PAYEE, 300_000).setEventTime(Payments.T0.plus(Duration.ofDays(2))).build());

        assertThat(stopPay.decisions()).hasSize(2);
    }

    @Test
    void shouldMaskEveryCardPhoneNameAndAccountInEvidenceAndPoliceWarnings() {
        final String payerPhone = "13900001111";
        final String payerCard = "6222881234567890123";
        stopPay.link(CARD, PAYEE_CARD, PHONE, PAYEE_PHONE, LinkKind.CARD_PHONE)
                .list(listed(CARD, PAYEE_CARD, ListType.FRAUD_ACCOUNT).build())
                .list(listed(ACCOUNT, PAYER, ListType.ACCOUNT_TRADER).build())
                .list(listed(CARD, payerCard, ListType.MULE_SUSPECT).build());

        stopPay.pay(payment("T1", PAYER, PAYEE, 300_000)
                .setPayer(partyWith(PAYER).setPhone(payerPhone).setCardNumber(payerCard).setName("王小明").build())
                .setPayee(partyWith(PAYEE).setPhone(PAYEE_PHONE).setName("李四").build())
                .build());

        final RiskDecision decision = stopPay.onlyDecision();
        assertThat(decision.getHits()).hasSizeGreaterThanOrEqualTo(3);
        final List<String> published = new java.util.ArrayList<>();
        decision.getHits().forEach(hit -> published.add(hit.getEvidence()));
        stopPay.alerts().forEach(kv -> published.addAll(kv.value.getReasons()));
        stopPay.warnings().forEach(kv -> published.add(kv.value.toString()));
        assertThat(published).isNotEmpty().allSatisfy(text -> assertThat(text)
                .doesNotContain(PAYER, PAYEE, PAYEE_CARD, PAYEE_PHONE, payerPhone, payerCard, "王小明", "李四"));
    }

    private static <V> V onlyValue(final List<KeyValue<String, V>> records) {
        assertThat(records).hasSize(1);
        return records.get(0).value;
    }

    /** A payee's account opened ten days before the payments: what a scam's collection account looks like. */
    private static AccountProfile youngAccount(final String accountId) {
        return account(accountId, AccountClass.CLASS_II).setOpenedAt(Payments.T0.minus(Duration.ofDays(10))).build();
    }
}
