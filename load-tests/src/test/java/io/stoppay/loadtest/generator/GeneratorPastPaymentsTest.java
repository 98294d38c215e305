package io.stoppay.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import stoppay.v1.PaymentTransaction;

/**
 * The history a backfill loads ({@link PastPayments}): what the population paid in the days before
 * the traffic, to the counterparties the live traffic pays, and to no one the fraud involves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratorPastPaymentsTest {

    private static final Instant START = Instant.parse("2026-11-23T01:00:00Z");
    private static final int DAYS = 30;
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final TrafficMix EVERYDAY = TrafficMix.parse("ordinary=0.4,split_bill=0.15,red_packet=0.15,"
            + "family_and_rent=0.1,payroll_run=0.1,grandparent_gift=0.05,refund=0.05");

    private final Population population = new Population(42, 2_000, START);
    private final Circle circle = new Circle(population);
    private final List<PaymentTransaction> history = new PastPayments(population, "h1").before(START, DAYS)
            .map(LabelledPayment::payment).toList();
    private final Set<String> historyPairs = history.stream().map(GeneratorPastPaymentsTest::pair)
            .collect(Collectors.toSet());

    @Test
    void shouldMakeTheSameHistoryFromTheSameSeedAndEnd() {
        assertThat(new PastPayments(population, "h1").before(START, DAYS).map(LabelledPayment::payment).toList())
                .isEqualTo(history);
        assertThat(new PastPayments(new Population(43, 2_000, START), "h1").before(START, 2)
                .map(LabelledPayment::payment).toList())
                .isNotEqualTo(new PastPayments(population, "h1").before(START, 2).map(LabelledPayment::payment).toList());
    }

    @Test
    void shouldSpreadEventTimesOverEachOfTheDaysBeforeTheStart() {
        final long startMs = START.toEpochMilli();
        final Set<Long> daysBack = new HashSet<>();
        assertThat(history).allSatisfy(payment -> {
            final long at = payment.getEventTime().toEpochMilli();
            assertThat(at).isBetween(startMs - DAYS * DAY_MS, startMs - 1);
            daysBack.add((startMs - at) / DAY_MS);
        });
        assertThat(daysBack).hasSize(DAYS);
        assertThat(new PastPayments(population, "h1").before(START, 3))
                .allSatisfy(p -> assertThat(p.payment().getEventTime()).isBetween(START.minus(Duration.ofDays(3)),
                        START.minusMillis(1)));
    }

    @Test
    void shouldHoldEveryEverydayShapeButRefundsAndIdsNoLivePaymentHas() {
        final Map<Scenario, Long> shapes = new EnumMap<>(Scenario.class);
        new PastPayments(population, "h1").before(START, DAYS).forEach(p -> shapes.merge(p.label().scenario(), 1L,
                Long::sum));

        assertThat(shapes).containsOnlyKeys(Scenario.ORDINARY, Scenario.SPLIT_BILL, Scenario.RED_PACKET,
                Scenario.FAMILY_AND_RENT, Scenario.PAYROLL_RUN, Scenario.GRANDPARENT_GIFT);
        assertThat(history).extracting(PaymentTransaction::getTxnId).doesNotHaveDuplicates()
                .allSatisfy(txnId -> assertThat(txnId).matches("h1-H\\d{14}"));
    }

    /**
     * Every live everyday payment to one of the payer's usual counterparties (the circle, the
     * household and shops, an employer's staff but this month's hires) whose accounts are older
     * than the history is a pair the history has; the rest are the newcomers everyday life has,
     * a few percent. A refund is a shop's first payment to its customer, who bought there before.
     */
    @Test
    void shouldHaveEveryUsualCounterpartyOfTheLiveEverydayShapesInTheHistory() {
        final TrafficGenerator live = new TrafficGenerator(population, EVERYDAY, "live");
        final Map<Scenario, int[]> usualOfAll = new EnumMap<>(Scenario.class);
        long unknown = 0;
        for (int i = 0; i < 8_000; i++) {
            final LabelledPayment payment = live.next(START.plusSeconds(i));
            final int payer = index(payment.payment().getPayer().getAccountId());
            final int payee = index(payment.payment().getPayee().getAccountId());
            final Scenario shape = payment.label().scenario();
            final boolean refund = shape == Scenario.REFUND;
            final boolean usual = refund ? usual(payee, payer) : usual(payer, payee);
            usualOfAll.computeIfAbsent(shape, s -> new int[2])[0] += usual ? 1 : 0;
            usualOfAll.get(shape)[1]++;
            final String known = refund ? pair(payee, payer) : pair(payer, payee);
            if (usual && olderThanTheHistory(payer) && olderThanTheHistory(payee)) {
                assertThat(historyPairs).as(shape + " " + payment.payment()).contains(known);
            }
            unknown += shape != Scenario.ORDINARY && !historyPairs.contains(known) ? 1 : 0;
        }

        assertThat(usualOfAll).containsOnlyKeys(EVERYDAY.scenarios());
        usualOfAll.forEach((shape, counts) -> assertThat((double) counts[0] / counts[1]).as(shape.key())
                .isGreaterThanOrEqualTo(shape == Scenario.ORDINARY || shape == Scenario.REFUND ? 1.0 : 0.9));
        final long everyday = usualOfAll.entrySet().stream().filter(e -> e.getKey() != Scenario.ORDINARY)
                .mapToLong(e -> e.getValue()[1]).sum();
        assertThat((double) unknown / everyday).as("everyday payments to payees the history does not have")
                .isBetween(0.02, 0.15);
    }

    /**
     * Scam payees, mules, collection and listed accounts, and the victims, dormant and farmed
     * accounts that pay them, are in no one's history: each fraud step is still a first payment,
     * and a dormant account still dormant.
     */
    @Test
    void shouldKeepEveryAccountTheFraudInvolvesOutOfTheHistory() {
        final TrafficGenerator live = new TrafficGenerator(population, TrafficMix.withFraudShare(0.6), "live");
        final Set<String> fraudAccounts = new HashSet<>();
        for (int i = 0; i < 6_000; i++) {
            final LabelledPayment payment = live.next(START.plusSeconds(i));
            if (payment.label().fraud()) {
                fraudAccounts.add(payment.payment().getPayer().getAccountId());
                fraudAccounts.add(payment.payment().getPayee().getAccountId());
            }
        }
        final Set<String> inHistory = new HashSet<>();
        history.forEach(p -> {
            inHistory.add(p.getPayer().getAccountId());
            inHistory.add(p.getPayee().getAccountId());
        });

        assertThat(fraudAccounts).hasSizeGreaterThan(1_000).doesNotContainAnyElementsOf(inHistory);
        assertThat(inHistory).extracting(id -> population.role(index(id)))
                .containsOnly(Population.Role.PERSON, Population.Role.EMPLOYER, Population.Role.MERCHANT);
    }

    @Test
    void shouldPayNothingBeforeAnAccountWasOpened() {
        assertThat(history).allSatisfy(p -> {
            final long at = p.getEventTime().toEpochMilli();
            assertThat(at).isGreaterThanOrEqualTo(population.openedAtMs(index(p.getPayer().getAccountId())))
                    .isGreaterThanOrEqualTo(population.openedAtMs(index(p.getPayee().getAccountId())));
        });
    }

    @Test
    void shouldRefuseDaysOutsideTheLookBack() {
        assertThatThrownBy(() -> new PastPayments(population, "h1").before(START, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..90");
        assertThatThrownBy(() -> new PastPayments(population, "h1").before(START, 91))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..90");
    }

    /** True when {@code payee} is one whom {@code payer} pays as a matter of course. */
    private boolean usual(final int payer, final int payee) {
        if (population.role(payer) == Population.Role.EMPLOYER) {
            final int employer = payer - population.index(Population.Role.EMPLOYER, 0);
            for (int j = 0; j < population.staff(employer); j++) {
                if (population.employee(employer, j) == payee) {
                    return !circle.newHire(employer, j);
                }
            }
            return false;
        }
        final int[] payees = new int[Population.maxPayees()];
        final int count = population.payeesOf(payer, payees);
        for (int i = 0; i < count; i++) {
            if (payees[i] == payee) {
                return true;
            }
        }
        for (int f = 0; f < circle.friends(payer); f++) {
            if (circle.friend(payer, f) == payee) {
                return true;
            }
        }
        return payee == circle.relative(payer) || circle.renter(payer) && payee == circle.landlord(payer)
                || payee == circle.grandchild(payer);
    }

    private boolean olderThanTheHistory(final int index) {
        return population.openedAtMs(index) < START.toEpochMilli() - DAYS * DAY_MS;
    }

    /** The population index of one of its accounts: {@code 6222} then 100,000,000,000 + index. */
    private static int index(final String accountId) {
        return (int) (Long.parseLong(accountId.substring(4)) - 100_000_000_000L);
    }

    private String pair(final int payer, final int payee) {
        return population.holder(payer).accountId() + ">" + population.holder(payee).accountId();
    }

    private static String pair(final PaymentTransaction payment) {
        return payment.getPayer().getAccountId() + ">" + payment.getPayee().getAccountId();
    }
}
