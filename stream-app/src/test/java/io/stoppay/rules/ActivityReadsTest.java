package io.stoppay.rules;

import static io.stoppay.rules.ActivityBuilder.activity;
import static io.stoppay.rules.FactsBuilder.account;
import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.hitsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import stoppay.v1.AccountProfile;
import stoppay.v1.RuleHit;

/**
 * Over the stores, every question a rule asks of an account's activity is a range scan. A rule
 * decides what it can from the payment and the profiles first, and scans only when the answer
 * can still change its mind: these tests fail if a rule starts scanning for nothing.
 */
class ActivityReadsTest {

    private static final long CNY_10_000 = 1_000_000;

    @Test
    void shouldReadTheInflowsOfANewPayee() {
        // Given: the counted view notices reads at all (else every "no read" below proves nothing)
        final ActivityBuilder inflows = fortyThousandReceived();
        final FactsBuilder facts = payment(CNY_10_000).payeeProfile(openedAgo(Duration.ofDays(3)))
                .payeeActivity(inflows);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.NEW_ACCOUNT_LARGE_INFLOW, facts);

        // Then
        assertThat(hits).hasSize(1);
        assertThat(inflows.inflowReads()).isPositive();
    }

    @Test
    void shouldNotReadTheInflowsOfAPayeeOlderThanANewAccount() {
        // Given
        final ActivityBuilder inflows = fortyThousandReceived();
        final FactsBuilder facts = payment(CNY_10_000).payeeProfile(openedAgo(Duration.ofDays(30)))
                .payeeActivity(inflows);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.NEW_ACCOUNT_LARGE_INFLOW, facts);

        // Then
        assertThat(hits).isEmpty();
        assertThat(inflows.inflowReads()).isZero();
    }

    @Test
    void shouldNotReadTheInflowsOfANewPayeePaidInAnotherCurrency() {
        // Given
        final ActivityBuilder inflows = fortyThousandReceived();
        final FactsBuilder facts = payment(CNY_10_000).currency("USD").payeeProfile(openedAgo(Duration.ofDays(3)))
                .payeeActivity(inflows);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.NEW_ACCOUNT_LARGE_INFLOW, facts);

        // Then
        assertThat(hits).isEmpty();
        assertThat(inflows.inflowReads()).isZero();
    }

    @Test
    void shouldNotReadTheInflowsOfAPayeeWithoutProfile() {
        // Given
        final ActivityBuilder inflows = fortyThousandReceived();
        final FactsBuilder facts = payment(CNY_10_000).payeeActivity(inflows);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.NEW_ACCOUNT_LARGE_INFLOW, facts);

        // Then
        assertThat(hits).isEmpty();
        assertThat(inflows.inflowReads()).isZero();
    }

    @Test
    void shouldNotReadTheInflowsOfAMerchantForFanIn() {
        // Given
        final ActivityBuilder inflows = fortyThousandReceived();
        final FactsBuilder facts = payment(CNY_10_000).payeeProfile(account(FactsBuilder.PAYEE).setMerchant(true))
                .payeeActivity(inflows);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, facts);

        // Then
        assertThat(hits).isEmpty();
        assertThat(inflows.inflowReads()).isZero();
    }

    @Test
    void shouldNotReadTheOutflowsOfAPayerPayingAPayeeItKnows() {
        // Given
        final ActivityBuilder outflows = activity().counted()
                .paidNewPayee("6217000000000001", 10_000, Duration.ofMinutes(5))
                .paidNewPayee("6217000000000002", 10_000, Duration.ofMinutes(3));
        final FactsBuilder facts = payment(10_000).payerActivity(outflows);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.REPEATED_NEW_PAYEES, facts);

        // Then
        assertThat(hits).isEmpty();
        assertThat(outflows.outflowReads()).isZero();
    }

    @Test
    void shouldNotReadThePayersActivityForPassThroughInAnotherCurrency() {
        // Given
        final ActivityBuilder payer = activity().counted()
                .received("6217000000000001", CNY_10_000, Duration.ofMinutes(20))
                .paid("6217000000000002", 300_000, Duration.ofMinutes(10));
        final FactsBuilder facts = payment(500_000).currency("USD").payerActivity(payer);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.RAPID_PASS_THROUGH, facts);

        // Then
        assertThat(hits).isEmpty();
        assertThat(payer.inflowReads()).isZero();
        assertThat(payer.outflowReads()).isZero();
    }

    @Test
    void shouldNotReadTheOutflowsOfAPayerThatReceivedTooLittleToPassOn() {
        // Given
        final ActivityBuilder payer = activity().counted()
                .received("6217000000000001", CNY_10_000 - 1, Duration.ofMinutes(20))
                .paid("6217000000000002", 300_000, Duration.ofMinutes(10));
        final FactsBuilder facts = payment(CNY_10_000).payerActivity(payer);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.RAPID_PASS_THROUGH, facts);

        // Then
        assertThat(hits).isEmpty();
        assertThat(payer.inflowReads()).isPositive();
        assertThat(payer.outflowReads()).isZero();
    }

    /** A counted payee activity: CNY 40,000 received in the last day. */
    private static ActivityBuilder fortyThousandReceived() {
        return activity().counted()
                .received("6222000000000001", 3_000_000, Duration.ofHours(23))
                .received("6222000000000002", CNY_10_000, Duration.ofHours(2));
    }

    private static AccountProfile.Builder openedAgo(final Duration age) {
        return account(FactsBuilder.PAYEE).setOpenedAt(FactsBuilder.NOW.minus(age));
    }
}
