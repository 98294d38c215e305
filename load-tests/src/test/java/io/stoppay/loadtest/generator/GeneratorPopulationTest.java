package io.stoppay.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoppay.restriction.LinkKey;
import io.stoppay.restriction.SubjectKey;
import io.stoppay.validation.AccountProfileCheck;
import io.stoppay.validation.LinkageCheck;
import io.stoppay.validation.ListEntryCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import stoppay.v1.AccountProfile;
import stoppay.v1.LinkKind;
import stoppay.v1.Linkage;
import stoppay.v1.ListType;
import stoppay.v1.Party;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

class GeneratorPopulationTest {

    private static final Instant AS_OF = Instant.parse("2026-11-23T00:00:00Z");
    private final Population population = new Population(11, 20_000, AS_OF);

    @Test
    void shouldDeriveTheSameAccountFromTheSameSeedAndIndex() {
        final Population again = new Population(11, 20_000, AS_OF);
        final Population otherSeed = new Population(12, 20_000, AS_OF);

        assertThat(again.holder(1234)).isEqualTo(population.holder(1234));
        assertThat(again.profile(1234)).isEqualTo(population.profile(1234));
        assertThat(otherSeed.holder(1234).accountId()).isEqualTo(population.holder(1234).accountId());
        assertThat(IntStream.range(0, 200).filter(i -> !otherSeed.holder(i).equals(population.holder(i))).count())
                .isGreaterThan(190);
    }

    @Test
    void shouldServeAMillionAccountsByIndexWithoutBuildingThem() {
        final Population million = new Population(1, 1_000_000, AS_OF);

        assertThat(Arrays.stream(Population.Role.values()).mapToInt(million::size).sum()).isEqualTo(1_000_000);
        assertThat(million.holder(999_999).accountId()).isEqualTo("6222000100000999999");
        assertThat(million.profiles().skip(999_999).findFirst()).get()
                .extracting(AccountProfile::getAccountId).isEqualTo("6222000100000999999");
        assertThat(million.size(Population.Role.PERSON)).isGreaterThan(800_000);
    }

    @Test
    void shouldGiveEveryAccountDistinctIdentifiers() {
        final Set<String> ids = new HashSet<>();
        for (int i = 0; i < population.accounts(); i++) {
            final Holder holder = population.holder(i);
            assertThat(ids.add(holder.accountId()) && ids.add(holder.cardNumber()) && ids.add(holder.phone())
                    && ids.add(holder.idNumberHash())).as("identifiers of %d are new", i).isTrue();
        }
        assertThat(population.holder(7).phone()).hasSize(11).startsWith("13");
        assertThat(population.holder(7).idNumberHash()).matches("[0-9a-f]{32}");
    }

    @Test
    void shouldHaveSomeElderlyPeopleAndOnlyElderlyElderlyVictims() {
        final long elderly = IntStream.range(0, population.size(Population.Role.PERSON))
                .filter(i -> population.holder(i).birthYear() <= 1966).count();
        assertThat((double) elderly / population.size(Population.Role.PERSON)).isBetween(0.12, 0.22);
        assertThat(members(Population.Role.ELDERLY_VICTIM)).allSatisfy(h -> assertThat(h.birthYear()).isLessThan(1960));
        assertThat(members(Population.Role.VICTIM)).allSatisfy(h -> assertThat(h.birthYear()).isGreaterThanOrEqualTo(1970));
    }

    @Test
    void shouldPublishValidProfilesWithMerchantsDormantAndNewlyOpenedAccounts() {
        final AccountProfileCheck check = new AccountProfileCheck();
        final List<AccountProfile> profiles = population.profiles().toList();
        profiles.forEach(p -> check.check(p.getAccountId(), p, AS_OF.toEpochMilli()));

        assertThat(profiles).hasSize(population.accounts());
        assertThat(profiles).filteredOn(AccountProfile::getMerchant)
                .hasSize(population.size(Population.Role.MERCHANT));
        assertThat(members(Population.Role.DORMANT)).allSatisfy(h -> assertThat(
                Duration.between(population.profile(h.index()).getLastActiveAt(), AS_OF)).isGreaterThan(Duration.ofDays(200)));
        assertThat(profiles).filteredOn(p -> p.getOpenedAt().isAfter(AS_OF.minus(Duration.ofDays(30))))
                .hasSizeGreaterThan(population.accounts() / 100);
        assertThat(profiles).extracting(AccountProfile::getRegionCode).allMatch(r -> r.matches("[0-9]{6}"));
        assertThat(profiles.stream().map(AccountProfile::getRegionCode).distinct().count()).isLessThanOrEqualTo(8);
    }

    @Test
    void shouldListEveryRingAccountByThePoliceAndEveryOtherByTheBankEachUnderItsSourcesKey() {
        final List<Population.Listing> listings = population.listings().stream()
                .filter(listing -> listing.entry().getSubjectType() == SubjectType.ACCOUNT).toList();
        final ListEntryCheck check = new ListEntryCheck();

        assertThat(listings).allSatisfy(listing -> {
            check.check(listing.key(), listing.entry(), AS_OF.toEpochMilli());
            assertThat(listing.key()).isEqualTo("ACCOUNT:" + listing.entry().getSubjectId() + "|"
                    + listing.entry().getSource());
        });
        final List<RiskListEntry> byPolice = listings.stream().map(Population.Listing::entry)
                .filter(entry -> entry.getSource().startsWith("PSB-")).toList();
        assertThat(byPolice).hasSize(population.rings()).allSatisfy(entry -> {
            assertThat(entry.getListType()).isEqualTo(ListType.FRAUD_ACCOUNT);
            assertThat(entry.getRiskLevel()).isEqualTo(3);
        });
        assertThat(listings).filteredOn(listing -> listing.entry().getSource().equals("bank-internal"))
                .hasSize((population.rings() + 1) / 2)
                .extracting(listing -> listing.entry().getSubjectId())
                .isSubsetOf(byPolice.stream().map(RiskListEntry::getSubjectId).toList());
    }

    @Test
    void shouldLinkCardsOneHopAndPhonesTwoHopsFromEachListedAccountWithOrderedKeys() {
        final List<Linkage> links = population.linkages();
        final LinkageCheck check = new LinkageCheck();

        assertThat(links).hasSize(2 * Population.LINKS_PER_RING * population.rings()
                + Population.NAT_ADDRESSES * Population.ACCOUNTS_PER_NAT).allSatisfy(link -> {
            check.check(Population.key(link), link, AS_OF.toEpochMilli());
            final LinkKey key = LinkKey.parse(Population.key(link)).orElseThrow();
            assertThat(key.a().compareTo(key.b())).isNegative();
        });
        final SubjectKey card = SubjectKey.of(SubjectType.CARD, population.oneHop(1, 2).cardNumber());
        assertThat(links).extracting(link -> LinkKey.parse(Population.key(link)).orElseThrow().canonical()).contains(
                new LinkKey(SubjectKey.of(SubjectType.ACCOUNT, population.listed(1).accountId()), card),
                new LinkKey(card, SubjectKey.of(SubjectType.PHONE, population.twoHops(1, 2).phone())));
        assertThat(links).filteredOn(link -> link.getKind() == LinkKind.ACCOUNT_CARD)
                .hasSize(Population.LINKS_PER_RING * population.rings());
    }

    @Test
    void shouldPutOrdinaryPeopleBehindNatAddressesThatAreHubsAndListTheFirst() {
        final Map<String, Long> behind = population.linkages().stream()
                .filter(link -> link.getKind() == LinkKind.IP_ACCOUNT)
                .collect(Collectors.groupingBy(Linkage::getBId, Collectors.counting()));

        assertThat(behind).containsOnlyKeys(Population.natAddress(0), Population.natAddress(1))
                .allSatisfy((nat, accounts) -> assertThat(accounts).isGreaterThan(200L));
        final int behindEach = Population.ACCOUNTS_PER_NAT;
        assertThat(population.linkages()).filteredOn(link -> link.getKind() == LinkKind.IP_ACCOUNT)
                .extracting(Linkage::getAId)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, Population.NAT_ADDRESSES * behindEach)
                        .mapToObj(k -> population.holder(population.index(Population.Role.PERSON, k)).accountId())
                        .toList());
        assertThat(population.listings()).filteredOn(listing -> listing.entry().getSubjectType() == SubjectType.IP)
                .singleElement().satisfies(listing -> {
                    assertThat(listing.key()).as("a v1 key").isEqualTo("IP:" + Population.natAddress(0));
                    assertThat(listing.entry().getListType()).isEqualTo(ListType.HIGH_RISK_IP);
                });
    }

    @Test
    void shouldWritePhonesAndCardsInTheFormsFeedersUseAndLinkagesInOthers() {
        final Set<String> phoneShapes = new HashSet<>();
        final Set<String> cardShapes = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            final Holder holder = population.holder(i);
            final Party party = holder.party();
            assertThat(SubjectKey.of(SubjectType.PHONE, party.getPhone()))
                    .isEqualTo(SubjectKey.of(SubjectType.PHONE, holder.phone()));
            assertThat(SubjectKey.of(SubjectType.CARD, party.getCardNumber()))
                    .isEqualTo(SubjectKey.of(SubjectType.CARD, holder.cardNumber()));
            phoneShapes.add(party.getPhone().replaceAll("[0-9]", "9"));
            cardShapes.add(party.getCardNumber().replaceAll("[0-9]", "9"));
        }
        assertThat(phoneShapes).hasSize(6);
        assertThat(cardShapes).hasSize(3);
        final Holder twoHops = population.twoHops(0, 0);
        assertThat(population.linkages()).filteredOn(link -> link.getKind() == LinkKind.CARD_PHONE)
                .extracting(Linkage::getBId)
                .contains(WrittenForms.phone(twoHops.phone(), twoHops.index() + 1))
                .doesNotContain(twoHops.party().getPhone());
    }

    @Test
    void shouldKeepEveryPersonBelowFiveDistinctOrdinaryPayers() {
        final int[] payers = new int[population.accounts()];
        final int[] payees = new int[Population.maxPayees()];
        for (int person = 0; person < population.people(); person++) {
            final int count = population.payeesOf(person, payees);
            for (int k = 0; k < count; k++) {
                assertThat(payees[k]).isNotEqualTo(person);
                payers[payees[k]]++;
            }
        }
        // Plus one employer each.
        assertThat(IntStream.range(0, population.people()).map(i -> payers[i] + 1).max()).hasValue(4);
    }

    @Test
    void shouldRefuseTooSmallAPopulation() {
        assertThatThrownBy(() -> new Population(1, 1_999, AS_OF)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2000");
    }

    private List<Holder> members(final Population.Role role) {
        return IntStream.range(0, population.size(role)).mapToObj(i -> population.holder(population.index(role, i)))
                .toList();
    }
}
