package io.stoppay.topology;

import static io.stoppay.topology.Payments.listed;
import static io.stoppay.topology.Payments.partyWith;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static stoppay.v1.SubjectType.ACCOUNT;
import static stoppay.v1.SubjectType.DEVICE;
import static stoppay.v1.SubjectType.PHONE;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.LinkKind;
import stoppay.v1.ListType;
import stoppay.v1.Restriction;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskDecision;
import stoppay.v1.RiskListEntry;
import stoppay.v1.RuleHit;

/**
 * Several sources list one subject, each under its own key {@code TYPE:id|source} (CONTRACT
 * v1.1): the subject is restricted while any listing stands, at the highest level among them, and
 * releasing one listing lifts only that one. The v1 key {@code TYPE:id} is one listing more.
 */
class MultiSourceListingTopologyTest {

    private static final String PAYER = "6222020200112233445";
    private static final String PAYEE = "6217000011112222333";
    private static final String PHONE_ID = "13912345678";
    private static final String POLICE = "PSB-320600-antifraud-centre";
    private static final String BANK = "bank-internal";
    private static final String POLICE_KEY = "PHONE:" + PHONE_ID + "|" + POLICE;
    private static final String BANK_KEY = "PHONE:" + PHONE_ID + "|" + BANK;

    private final InterceptionDriver stopPay = new InterceptionDriver();

    @AfterEach
    void close() {
        stopPay.close();
    }

    @Test
    void shouldKeepOneListingPerSourceWithTheHighestLevelFirst() {
        stopPay.listWithKey(BANK_KEY, byBank(1).build())
                .listWithKey(POLICE_KEY, byPolice(3).build());

        final RestrictionStatus status = stopPay.statusOf(PHONE, PHONE_ID);
        assertThat(status.getRestrictions()).extracting(Restriction::getListingKey)
                .containsExactly(POLICE_KEY, BANK_KEY);
        assertThat(status.getRestrictions()).extracting(Restriction::getRiskLevel).containsExactly(3, 1);
        assertThat(status.getRestrictions()).extracting(Restriction::getSource).containsExactly(POLICE, BANK);
    }

    @Test
    void shouldRestrictWhileAnyListingStandsAndLiftOnlyTheReleasedOne() {
        stopPay.link(ACCOUNT, PAYEE, PHONE, PHONE_ID, LinkKind.HOLDER_PHONE)
                .listWithKey(BANK_KEY, byBank(1).build())
                .listWithKey(POLICE_KEY, byPolice(3).build());
        assertThat(payeeHits("T1")).as("linked to a level-3 listing: restricted strongly")
                .contains("PAYEE_RESTRICTED");

        stopPay.releaseKey(POLICE_KEY);

        assertThat(stopPay.statusOf(PHONE, PHONE_ID).getRestrictions()).singleElement()
                .satisfies(r -> assertThat(r.getListingKey()).isEqualTo(BANK_KEY));
        assertThat(stopPay.statusOf(ACCOUNT, PAYEE).getRestrictions()).singleElement()
                .satisfies(r -> assertThat(r.getRiskLevel()).isEqualTo(1));
        assertThat(payeeHits("T2")).as("only the bank's level-1 listing is left: linked, not restricted strongly")
                .contains("PAYEE_LINKED").doesNotContain("PAYEE_RESTRICTED");

        stopPay.releaseKey(BANK_KEY);

        assertThat(stopPay.statusOf(PHONE, PHONE_ID)).isNull();
        assertThat(stopPay.statusOf(ACCOUNT, PAYEE)).isNull();
        assertThat(payeeDecision("T3").getAction()).isEqualTo(Action.PASS);
        assertThat(stopPay.deadLetters()).isEmpty();
    }

    @Test
    void shouldKeepTheV1KeyAsOneListingByItsRecordsSource() {
        stopPay.link(ACCOUNT, PAYEE, PHONE, PHONE_ID, LinkKind.HOLDER_PHONE)
                .list(listed(PHONE, PHONE_ID, ListType.FRAUD_ACCOUNT).setSource("unionpay").build())
                .listWithKey(POLICE_KEY, byPolice(3).build());
        assertThat(stopPay.statusOf(PHONE, PHONE_ID).getRestrictions()).extracting(Restriction::getListingKey)
                .containsExactlyInAnyOrder("PHONE:" + PHONE_ID, POLICE_KEY);

        stopPay.release(PHONE, PHONE_ID);

        assertThat(stopPay.statusOf(PHONE, PHONE_ID).getRestrictions()).singleElement()
                .satisfies(r -> assertThat(r.getSource()).isEqualTo(POLICE));
        assertThat(payeeHits("T1")).contains("PAYEE_RESTRICTED");
    }

    @Test
    void shouldReplaceAListingWhenItsSourceListsAgain() {
        stopPay.listWithKey(POLICE_KEY, byPolice(1).build())
                .listWithKey(POLICE_KEY, byPolice(3).setCaseId("2026-JS-0099").build());

        assertThat(stopPay.statusOf(PHONE, PHONE_ID).getRestrictions()).singleElement().satisfies(r -> {
            assertThat(r.getRiskLevel()).isEqualTo(3);
            assertThat(r.getCaseId()).isEqualTo("2026-JS-0099");
        });
    }

    @Test
    void shouldExpireOneListingAndKeepTheOther() {
        stopPay.listWithKey(BANK_KEY, byBank(2).setExpiresAt(Payments.T0.plus(Duration.ofMinutes(10))).build())
                .listWithKey(POLICE_KEY, byPolice(3).build());

        stopPay.advanceWallClock(Duration.ofMinutes(11));

        assertThat(stopPay.statusOf(PHONE, PHONE_ID).getRestrictions()).singleElement()
                .satisfies(r -> assertThat(r.getListingKey()).isEqualTo(POLICE_KEY));
    }

    @Test
    void shouldDeadLetterAnEntryWhoseSourceIsNotTheSourceInItsKey() {
        stopPay.listWithKey(BANK_KEY, byPolice(3).build());

        assertThat(stopPay.deadLetters()).singleElement()
                .satisfies(letter -> assertThat(letter.value.getReason()).isEqualTo("KEY_MISMATCH"));
        assertThat(stopPay.statusOf(PHONE, PHONE_ID)).isNull();
    }

    @Test
    void shouldDeadLetterAKeyWithABlankSource() {
        stopPay.listWithKey("PHONE:" + PHONE_ID + "| ", byPolice(3).build());

        assertThat(stopPay.deadLetters()).singleElement()
                .satisfies(letter -> assertThat(letter.value.getReason()).isEqualTo("INVALID_KEY"));
    }

    @Test
    void shouldMatchASourceInTheKeyWrittenWithBlanksAroundIt() {
        stopPay.listWithKey("PHONE:" + PHONE_ID + "| " + POLICE + " ", byPolice(3).build());

        assertThat(stopPay.deadLetters()).isEmpty();
        assertThat(stopPay.statusOf(PHONE, PHONE_ID).getRestrictions()).singleElement()
                .satisfies(r -> assertThat(r.getSource()).isEqualTo(POLICE));
    }

    @Test
    void shouldRefuseAReleaseUnderAnotherSpellingOfTheListingsKeyAndReleaseUnderItsOwn() {
        final String writtenKey = "PHONE:+86 139 1234 5678|" + POLICE;
        stopPay.listWithKey(writtenKey, byPolice(3).setSubjectId("+86 139 1234 5678").build());

        stopPay.releaseKey(POLICE_KEY);

        assertThat(stopPay.deadLetters()).singleElement()
                .satisfies(letter -> assertThat(letter.value.getReason()).isEqualTo("RELEASE_KEY_NOT_LISTED"));
        assertThat(stopPay.statusOf(PHONE, PHONE_ID)).as("still listed: the topic still holds its record")
                .isNotNull();

        stopPay.releaseKey(writtenKey);

        assertThat(stopPay.statusOf(PHONE, PHONE_ID)).isNull();
    }

    @Test
    void shouldAcceptAReleaseOfAListingThatIsNotThere() {
        stopPay.listWithKey(POLICE_KEY, byPolice(3).build());

        stopPay.releaseKey(BANK_KEY).releaseKey("PHONE:13800000000|" + BANK);

        assertThat(stopPay.deadLetters()).as("a tombstone replayed, or of another source: nothing to refuse")
                .isEmpty();
        assertThat(stopPay.statusOf(PHONE, PHONE_ID)).isNotNull();
    }

    @Test
    void shouldKeepTheStrongestListingsInAStatusAndCountTheRest() {
        // 40 sources, each with a source name and case id near the field limit: the whole status
        // would be over Kafka's record size (design note 14).
        for (int i = 0; i < 40; i++) {
            final String source = "source-" + i + "-" + "x".repeat(1_900);
            stopPay.listWithKey("PHONE:" + PHONE_ID + "|" + source, byPolice(i % 3 + 1).setSource(source)
                    .setCaseId("c".repeat(1_900)).build());
        }

        final RestrictionStatus status = stopPay.statusOf(PHONE, PHONE_ID);
        assertThat(status.getRestrictions()).hasSize(32);
        assertThat(status.getMoreRestrictions()).isEqualTo(8);
        assertThat(status.getRestrictions()).extracting(Restriction::getRiskLevel)
                .as("the 13 level-3 listings first, then the 14 level-2 ones").startsWith(3, 3, 3)
                .filteredOn(level -> level == 3).hasSize(13);
        assertThat(stopPay.deadLetters()).isEmpty();
    }

    @Test
    void shouldDeadLetterASourceWithAControlCharacterAndAnIdWithANul() {
        stopPay.listWithKey("PHONE:" + PHONE_ID + "|bank\nINJECT", byBank(1).setSource("bank\nINJECT").build())
                .listWithKey("DEVICE:dev1\u0000zzz|" + BANK, listed(stoppay.v1.SubjectType.DEVICE, "dev1\u0000zzz",
                        ListType.MULE_SUSPECT).setSource(BANK).build());

        assertThat(stopPay.deadLetters()).extracting(letter -> letter.value.getReason())
                .containsExactly("INVALID_SOURCE", "UNREADABLE_IDENTIFIER");
        assertThat(stopPay.statusOf(stoppay.v1.SubjectType.DEVICE, "dev1")).isNull();
    }

    /**
     * A device id may be any string (CONTRACT v1), a bar included: the v1 key {@code DEVICE:dev|1}
     * and the v1.1 key {@code DEVICE:dev|2|bank} are told from a source's key by the entry's
     * source, and a tombstone by what stands under it.
     */
    @Test
    void shouldListAndReleaseSubjectsWhoseIdHoldsTheBar() {
        stopPay.listWithKey("DEVICE:dev|1", listed(DEVICE, "dev|1", ListType.MULE_SUSPECT).setSource(BANK).build())
                .listWithKey("DEVICE:dev|2|" + BANK, listed(DEVICE, "dev|2", ListType.MULE_SUSPECT).setSource(BANK).build());

        assertThat(stopPay.deadLetters()).isEmpty();
        assertThat(stopPay.statusOf(DEVICE, "dev|1").getRestrictions()).extracting(Restriction::getListingKey)
                .containsExactly("DEVICE:dev|1");
        assertThat(stopPay.statusOf(DEVICE, "dev|2").getRestrictions()).extracting(Restriction::getListingKey)
                .containsExactly("DEVICE:dev|2|" + BANK);
        assertThat(stopPay.statusOf(DEVICE, "dev")).isNull();
        stopPay.pay(payment("T1", PAYER, PAYEE, 300_000).setDeviceId("dev|1").build());
        assertThat(stopPay.onlyDecision().getHits()).extracting(RuleHit::getRuleId).contains("CHANNEL_RESTRICTED");

        stopPay.releaseKey("DEVICE:dev|1").releaseKey("DEVICE:dev|2|" + BANK);

        assertThat(stopPay.statusOf(DEVICE, "dev|1")).isNull();
        assertThat(stopPay.statusOf(DEVICE, "dev|2")).isNull();
        assertThat(stopPay.deadLetters()).isEmpty();
    }

    /**
     * A key is one listing on a compacted topic: when the entry under {@code DEVICE:dev|T} changes
     * from source T's listing of {@code dev} to X's v1 listing of the device {@code dev|T}, only the
     * latter stands, and the key's tombstone lifts it (a newcomer's attack left both standing).
     */
    @Test
    void shouldLetALaterEntryUnderTheSameKeyReplaceTheListingItReadAsAnotherSubject() {
        stopPay.listWithKey("DEVICE:dev|T", listed(DEVICE, "dev", ListType.MULE_SUSPECT).setSource("T").build())
                .listWithKey("DEVICE:dev|T", listed(DEVICE, "dev|T", ListType.MULE_SUSPECT).setSource("X").build());

        assertThat(stopPay.deadLetters()).isEmpty();
        assertThat(stopPay.statusOf(DEVICE, "dev")).isNull();
        assertThat(stopPay.statusOf(DEVICE, "dev|T").getRestrictions()).singleElement()
                .satisfies(r -> assertThat(r.getSource()).isEqualTo("X"));

        stopPay.releaseKey("DEVICE:dev|T");

        assertThat(stopPay.statusOf(DEVICE, "dev|T")).isNull();
        assertThat(stopPay.deadLetters()).isEmpty();
    }

    private RiskListEntry.Builder byPolice(final int level) {
        return listed(PHONE, PHONE_ID, ListType.FRAUD_ACCOUNT).setRiskLevel(level).setSource(POLICE);
    }

    private RiskListEntry.Builder byBank(final int level) {
        return listed(PHONE, PHONE_ID, ListType.MULE_SUSPECT).setRiskLevel(level).setSource(BANK)
                .setCaseId(null);
    }

    private RiskDecision payeeDecision(final String txnId) {
        stopPay.pay(payment(txnId, PAYER, PAYEE, 300_000).setPayee(partyWith(PAYEE).build()).build());
        return stopPay.onlyDecision();
    }

    private List<String> payeeHits(final String txnId) {
        return payeeDecision(txnId).getHits().stream().map(RuleHit::getRuleId).toList();
    }
}
