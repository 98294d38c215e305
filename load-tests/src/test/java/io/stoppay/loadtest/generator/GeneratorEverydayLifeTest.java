package io.stoppay.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import stoppay.v1.Channel;

/** The everyday shapes of FIELD-NOTES, as {@link EverydayLife} plans them. */
class GeneratorEverydayLifeTest {

    private static final Instant AS_OF = Instant.parse("2026-11-23T00:00:00Z");
    private static final long YUAN = 100;

    private final Population population = new Population(5, 5_000, AS_OF);
    private final Thresholds thresholds = population.thresholds();
    private int cursor;
    private final EverydayLife life = new EverydayLife(population, new SplittableRandom(9),
            () -> cursor++ % population.people(), AS_OF);

    @Test
    void shouldSplitABillIntoSmallSharesForFriends() {
        final List<EverydayLife.Planned> run = run(Scenario.SPLIT_BILL);

        assertThat(run).hasSizeBetween(2, 5);
        assertThat(run).extracting(p -> p.payer().index()).containsOnly(run.get(0).payer().index());
        assertThat(run).allSatisfy(p -> assertThat(p.amountMinor()).isBetween(20 * YUAN, 200 * YUAN));
        final List<EverydayLife.Planned> friends = run.stream().filter(p -> p.channel() != Channel.POS).toList();
        assertThat(friends).hasSizeBetween(2, 4).allSatisfy(p -> assertThat(p.payee().getAccountId())
                .isNotEqualTo(p.payer().accountId()));
    }

    /**
     * Everyday life pays the same people run after run (so a backfilled history knows them): a
     * bill's shares go to the payer's friends, its shop is one of the payer's, the month's payment
     * is the rent for a renter and the family transfer for the others; but a few go to newcomers.
     */
    @Test
    void shouldPayThePayersOwnCircleButForAFewNewcomers() {
        final Circle circle = new Circle(population);
        final List<Boolean> usual = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            final EverydayLife.Planned share = life.next(Scenario.SPLIT_BILL);
            final int payer = share.payer().index();
            final Set<String> friends = new HashSet<>();
            for (int f = 0; f < circle.friends(payer); f++) {
                friends.add(population.holder(circle.friend(payer, f)).accountId());
            }
            if (share.channel() == Channel.POS) {
                assertThat(share.payee().getAccountId()).isIn(population.holder(circle.shop(payer, 0)).accountId(),
                        population.holder(circle.shop(payer, 1)).accountId());
            } else {
                usual.add(friends.contains(share.payee().getAccountId()));
            }
            final EverydayLife.Planned monthly = life.next(Scenario.FAMILY_AND_RENT);
            final int tenant = monthly.payer().index();
            usual.add(monthly.payee().getAccountId().equals(population.holder(circle.renter(tenant)
                    ? circle.landlord(tenant) : circle.relative(tenant)).accountId()));
            assertThat(monthly.channel()).isEqualTo(circle.renter(tenant) ? Channel.ONLINE_BANKING : Channel.MOBILE_BANKING);
        }

        assertThat(usual.stream().filter(known -> !known).count() / (double) usual.size())
                .isCloseTo(EverydayLife.NEW_COUNTERPARTY_SHARE, within(0.02));
    }

    @Test
    void shouldSendRedPacketsOfLuckyAmountsOnly() {
        final Set<Long> lucky = Arrays.stream(Spending.LUCKY_AMOUNTS).boxed().collect(Collectors.toSet());
        for (int i = 0; i < 50; i++) {
            assertThat(run(Scenario.RED_PACKET)).hasSizeBetween(1, 3)
                    .allSatisfy(p -> assertThat(lucky).contains(p.amountMinor()));
        }
    }

    @Test
    void shouldPayAWholePayrollFromTheEmployerEmployeeByEmployee() {
        final List<EverydayLife.Planned> run = run(Scenario.PAYROLL_RUN);

        assertThat(run).hasSize(population.staff(0));
        assertThat(run).extracting(p -> p.payer().role()).containsOnly(Population.Role.EMPLOYER);
        assertThat(run).extracting(p -> p.payee().getAccountId()).doesNotHaveDuplicates();
        assertThat(run).allSatisfy(p -> assertThat(p.amountMinor())
                .isBetween(3_000 * YUAN, thresholds.passThroughMinInflow() - 1));
    }

    @Test
    void shouldHaveAGrandparentOfSixtyOrMoreSendALargeFirstGiftOncePerRun() {
        final Set<Integer> givers = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            final EverydayLife.Planned gift = life.next(Scenario.GRANDPARENT_GIFT);
            assertThat(gift).isNotNull();
            assertThat(AS_OF.atZone(ZoneOffset.UTC).getYear() - gift.payer().birthYear())
                    .isGreaterThanOrEqualTo(thresholds.elderlyAge());
            assertThat(gift.amountMinor()).isBetween(thresholds.elderlyMinAmount(), 3 * thresholds.elderlyMinAmount());
            assertThat(givers.add(gift.payer().index())).as("gives once a run").isTrue();
        }
    }

    @Test
    void shouldHaveEachPersonPayRentOrFamilyOnceAMonthWithinTheirLimit() {
        final Set<Integer> payers = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            final EverydayLife.Planned monthly = life.next(Scenario.FAMILY_AND_RENT);
            assertThat(payers.add(monthly.payer().index())).isTrue();
            assertThat(monthly.amountMinor()).isLessThanOrEqualTo(thresholds.dailyLimit(monthly.payer().accountClass()) / 2);
        }
    }

    @Test
    void shouldRefundFromAShopNotAUtility() {
        for (int i = 0; i < 30; i++) {
            final EverydayLife.Planned refund = life.next(Scenario.REFUND);
            assertThat(refund.payer().role()).isEqualTo(Population.Role.MERCHANT);
            assertThat(population.utility(refund.payer().index())).isFalse();
            assertThat(refund.amountMinor()).isBetween(20 * YUAN, 2_000 * YUAN);
        }
    }

    @Test
    void shouldRefuseAScenarioThatIsNotAnEverydayShape() {
        assertThatThrownBy(() -> life.next(Scenario.MULE_FAN_IN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an everyday shape");
    }

    /** The whole next run of {@code shape}. */
    private List<EverydayLife.Planned> run(final Scenario shape) {
        final List<EverydayLife.Planned> run = new ArrayList<>();
        run.add(life.next(shape));
        // A run's payments share its payer; the next run starts with another.
        EverydayLife.Planned next = life.next(shape);
        while (next != null && next.payer().index() == run.get(0).payer().index()) {
            run.add(next);
            next = life.next(shape);
        }
        return run;
    }
}
