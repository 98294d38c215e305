package io.stoppay.topology;

import static io.stoppay.topology.Payments.listed;
import static org.assertj.core.api.Assertions.assertThat;
import static stoppay.v1.SubjectType.ACCOUNT;
import static stoppay.v1.SubjectType.CARD;
import static stoppay.v1.SubjectType.ID_NUMBER;
import static stoppay.v1.SubjectType.PHONE;

import io.stoppay.config.StopPayConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.LinkHop;
import stoppay.v1.LinkKind;
import stoppay.v1.ListType;
import stoppay.v1.Restriction;
import stoppay.v1.RestrictionStatus;

/**
 * 一处涉诈、两卡受限: the restriction graph, kept incrementally as lists and links change.
 *
 * <p>The graph used by most tests: fraud account A —ACCOUNT_CARD— card C —CARD_PHONE— phone P
 * —HOLDER_PHONE— holder H (3 hops from A).
 */
class RestrictionTopologyTest {

    // Canonical forms (E.164, card digits), as the graph stores them; other forms are CanonicalIdentifiersTest's.
    private static final String CARD_C = "6228480000000001";
    private static final String PHONE_P = "+8613900000001";
    private static final String PHONE_Q = "+8613900000002";

    private InterceptionDriver stopPay = new InterceptionDriver();

    @AfterEach
    void close() {
        stopPay.close();
    }

    private void chainFromFraudAccount() {
        stopPay.link(ACCOUNT, "A", CARD, CARD_C, LinkKind.ACCOUNT_CARD)
                .link(CARD, CARD_C, PHONE, PHONE_P, LinkKind.CARD_PHONE)
                .link(ID_NUMBER, "H", PHONE, PHONE_P, LinkKind.HOLDER_PHONE)
                .list(listed(ACCOUNT, "A", ListType.FRAUD_ACCOUNT).build());
    }

    @Test
    void shouldRestrictTheListedSubjectAndEverythingWithinTwoHops() {
        chainFromFraudAccount();

        assertThat(only(stopPay.statusOf(ACCOUNT, "A")).getHops()).isZero();
        assertThat(only(stopPay.statusOf(CARD, CARD_C)).getHops()).isEqualTo(1);
        final Restriction phone = only(stopPay.statusOf(PHONE, PHONE_P));
        assertThat(phone.getHops()).isEqualTo(2);
        assertThat(phone.getListType()).isEqualTo(ListType.FRAUD_ACCOUNT);
        assertThat(phone.getCaseId()).isEqualTo("2026-JS-0042");
        assertThat(phone.getPath()).containsExactly(
                new LinkHop(PHONE, PHONE_P, LinkKind.CARD_PHONE, CARD, CARD_C),
                new LinkHop(CARD, CARD_C, LinkKind.ACCOUNT_CARD, ACCOUNT, "A"));
        assertThat(stopPay.statusOf(ID_NUMBER, "H")).as("3 hops away").isNull();
    }

    @Test
    void shouldReachFurtherWhenMoreHopsAreConfigured() {
        stopPay.close();
        stopPay = new InterceptionDriver(Map.of(StopPayConfig.MAX_HOPS, "3"));

        chainFromFraudAccount();

        assertThat(only(stopPay.statusOf(ID_NUMBER, "H")).getHops()).isEqualTo(3);
    }

    @Test
    void shouldRestrictWhenTheLinkArrivesAfterTheListing() {
        stopPay.list(listed(ACCOUNT, "A", ListType.MULE_SUSPECT).build());
        assertThat(stopPay.statusOf(CARD, CARD_C)).isNull();

        stopPay.link(ACCOUNT, "A", CARD, CARD_C, LinkKind.ACCOUNT_CARD);

        assertThat(only(stopPay.statusOf(CARD, CARD_C)).getListType()).isEqualTo(ListType.MULE_SUSPECT);
    }

    @Test
    void shouldKeepTheShortestPathWhenTwoPathsLeadToTheSameListing() {
        stopPay.link(ACCOUNT, "A", CARD, CARD_C, LinkKind.ACCOUNT_CARD)
                .link(CARD, CARD_C, PHONE, PHONE_P, LinkKind.CARD_PHONE)
                .link(ACCOUNT, "A", PHONE, PHONE_P, LinkKind.HOLDER_PHONE)
                .list(listed(ACCOUNT, "A", ListType.FRAUD_ACCOUNT).build());

        final Restriction phone = only(stopPay.statusOf(PHONE, PHONE_P));

        assertThat(phone.getHops()).isEqualTo(1);
        assertThat(phone.getPath()).extracting(LinkHop::getKind).containsExactly(LinkKind.HOLDER_PHONE);
    }

    @Test
    void shouldLiftOnlyWhatWasRestrictedThroughAReleasedEntry() {
        // A and B are both listed; card C is linked to both; phone Q only to A's side.
        stopPay.link(ACCOUNT, "A", CARD, CARD_C, LinkKind.ACCOUNT_CARD)
                .link(ACCOUNT, "B", CARD, CARD_C, LinkKind.ACCOUNT_CARD)
                .link(ACCOUNT, "A", PHONE, PHONE_Q, LinkKind.HOLDER_PHONE)
                .list(listed(ACCOUNT, "A", ListType.FRAUD_ACCOUNT).build())
                .list(listed(ACCOUNT, "B", ListType.MULE_SUSPECT).setRiskLevel(2).build());
        assertThat(stopPay.statusOf(CARD, CARD_C).getRestrictions()).hasSize(2);
        stopPay.restrictionChanges();

        stopPay.release(ACCOUNT, "A");

        assertThat(only(stopPay.statusOf(ACCOUNT, "A")).getListedId()).as("now only 2 hops from B").isEqualTo("B");
        assertThat(stopPay.statusOf(PHONE, PHONE_Q)).as("restricted only through A").isNull();
        assertThat(only(stopPay.statusOf(CARD, CARD_C)).getListedId()).as("still restricted through B").isEqualTo("B");
        assertThat(only(stopPay.statusOf(ACCOUNT, "B")).getHops()).isZero();
        assertThat(stopPay.restrictionChanges()).extracting(kv -> kv.key)
                .as("B loses its 2-hop reason through A").containsExactlyInAnyOrder("ACCOUNT:A", "PHONE:" + PHONE_Q, "CARD:" + CARD_C, "ACCOUNT:B");
    }

    @Test
    void shouldLiftTheRestrictionsThatDependedOnARemovedLink() {
        chainFromFraudAccount();

        stopPay.unlink(CARD, CARD_C, PHONE, PHONE_P);

        assertThat(stopPay.statusOf(PHONE, PHONE_P)).isNull();
        assertThat(stopPay.statusOf(CARD, CARD_C)).isNotNull();
    }

    @Test
    void shouldPublishTombstonesForLiftedSubjectsAndNothingForUnchangedOnes() {
        chainFromFraudAccount();
        final List<KeyValue<String, RestrictionStatus>> listing = stopPay.restrictionChanges();
        assertThat(listing).extracting(kv -> kv.key).containsExactlyInAnyOrder("ACCOUNT:A", "CARD:" + CARD_C, "PHONE:" + PHONE_P);

        stopPay.list(listed(ACCOUNT, "A", ListType.FRAUD_ACCOUNT).build());
        assertThat(stopPay.restrictionChanges()).as("re-listing the same entry changes nothing").isEmpty();

        stopPay.release(ACCOUNT, "A");
        assertThat(stopPay.restrictionChanges()).allSatisfy(kv -> assertThat(kv.value).isNull()).hasSize(3);
    }

    @Test
    void shouldReleaseAnEntryWhenItExpires() {
        stopPay.link(ACCOUNT, "A", CARD, CARD_C, LinkKind.ACCOUNT_CARD)
                .list(listed(ACCOUNT, "A", ListType.FRAUD_ACCOUNT)
                        .setExpiresAt(Payments.T0.plus(Duration.ofMinutes(10))).build());
        assertThat(stopPay.statusOf(CARD, CARD_C)).isNotNull();

        stopPay.advanceWallClock(Duration.ofMinutes(5));
        assertThat(stopPay.statusOf(CARD, CARD_C)).as("not yet expired").isNotNull();

        stopPay.advanceWallClock(Duration.ofMinutes(6));
        assertThat(stopPay.statusOf(ACCOUNT, "A")).isNull();
        assertThat(stopPay.statusOf(CARD, CARD_C)).isNull();
    }

    @Test
    void shouldNotRestrictWithAnEntryThatHasAlreadyExpired() {
        stopPay.list(listed(ACCOUNT, "A", ListType.FRAUD_ACCOUNT)
                .setExpiresAt(Payments.T0.minus(Duration.ofMinutes(1))).build());

        assertThat(stopPay.statusOf(ACCOUNT, "A")).isNull();
        assertThat(stopPay.restrictionChanges()).isEmpty();
    }

    @Test
    void shouldProtectSubjectsLinkedToAVictimWatchEntry() {
        stopPay.link(ID_NUMBER, "elder-hash", ACCOUNT, "E", LinkKind.HOLDER_ACCOUNT)
                .list(listed(ID_NUMBER, "elder-hash", ListType.VICTIM_WATCH).build());

        assertThat(only(stopPay.statusOf(ACCOUNT, "E")).getListType()).isEqualTo(ListType.VICTIM_WATCH);
    }

    private static Restriction only(final RestrictionStatus status) {
        assertThat(status).isNotNull();
        assertThat(status.getRestrictions()).hasSize(1);
        return status.getRestrictions().get(0);
    }
}
