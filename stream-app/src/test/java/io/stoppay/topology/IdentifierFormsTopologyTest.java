package io.stoppay.topology;

import static io.stoppay.topology.Payments.link;
import static io.stoppay.topology.Payments.listed;
import static io.stoppay.topology.Payments.partyWith;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static stoppay.v1.SubjectType.ACCOUNT;
import static stoppay.v1.SubjectType.CARD;
import static stoppay.v1.SubjectType.PHONE;

import io.stoppay.privacy.Mask;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import stoppay.v1.AccountClass;
import stoppay.v1.Action;
import stoppay.v1.LinkKind;
import stoppay.v1.ListType;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;
import stoppay.v1.SubjectType;

/**
 * The same subject matches however a list, a linkage or a payment wrote it, and two different
 * subjects never match (FIELD-NOTES, "Identifiers as feeders write them").
 */
class IdentifierFormsTopologyTest {

    private static final String PAYER = "6222020200112233445";
    private static final String PAYEE = "6217000011112222333";
    private static final String PHONE_AS_LISTED = "13912345678";
    private static final String CARD_AS_LISTED = "6228480012345678";

    private final InterceptionDriver stopPay = new InterceptionDriver();

    @AfterEach
    void close() {
        stopPay.close();
    }

    /** An IP is listed in one form and paid from another: RFC 5952's, or IPv4 inside IPv6. */
    @ParameterizedTest
    @CsvSource({"2001:db8:a1::1, 2001:DB8:A1:0:0:0:0:1", "2001:0DB8:00A1::0001, 2001:db8:a1::1",
            "100.64.5.9, ::ffff:100.64.5.9"})
    void shouldRestrictAPaymentFromAListedIpHoweverEitherWritesIt(final String listedAs, final String paidFrom) {
        stopPay.list(listed(SubjectType.IP, listedAs, ListType.HIGH_RISK_IP).build());

        stopPay.pay(payment("T1", PAYER, PAYEE, 50_000).setIpAddress(paidFrom).build());

        assertThat(stopPay.onlyDecision().getHits()).extracting(RuleHit::getRuleId).contains("CHANNEL_RESTRICTED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+86 139 1234 5678", "+8613912345678", "139-1234-5678", "0086 139 1234 5678",
            "0086-139-1234-5678", "139 1234 5678", " 13912345678 "})
    void shouldStopAPaymentToAListedPhoneHoweverThePaymentWritesIt(final String written) {
        stopPay.list(listed(PHONE, PHONE_AS_LISTED, ListType.FRAUD_ACCOUNT).build());

        final RiskDecision decision = payToPayeeWith(written, null);

        assertThat(decision.getAction()).isEqualTo(Action.STOP_PAYMENT);
        assertThat(decision.getHits()).extracting(RuleHit::getRuleId).contains("PAYEE_RESTRICTED");
        assertThat(decision.getHits()).extracting(RuleHit::getEvidence).first().asString()
                .as("evidence names the number as the payment wrote it, masked")
                .contains("payee phone " + Mask.subject(PHONE, written))
                .doesNotContain("1234 5678", "12345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+86 139 1234 5678", "0086-139-1234-5678", "139 1234 5678"})
    void shouldStopAPaymentToAPhoneListedInAnotherForm(final String listedAs) {
        stopPay.list(listed(PHONE, listedAs, ListType.FRAUD_ACCOUNT).build());

        assertThat(payToPayeeWith(PHONE_AS_LISTED, null).getAction()).isEqualTo(Action.STOP_PAYMENT);
        assertThat(stopPay.deadLetters()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"6228 4800 1234 5678", "6228-4800-1234-5678", " 6228480012345678", "６２２８４８００１２３４５６７８"})
    void shouldStopAPaymentToAListedCardWrittenWithSpacesOrDashes(final String written) {
        stopPay.list(listed(CARD, CARD_AS_LISTED, ListType.FRAUD_ACCOUNT).build());

        assertThat(payToPayeeWith(null, written).getAction()).isEqualTo(Action.STOP_PAYMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 391 234 5678", "+852 1391 2345", "+886 139 123 456", "13912345679", "+86 10 1391 2345"})
    void shouldNotMatchAnotherNumberWhoseDigitsLookAlike(final String other) {
        stopPay.list(listed(PHONE, PHONE_AS_LISTED, ListType.FRAUD_ACCOUNT).build());

        assertThat(payToPayeeWith(other, null).getAction()).isEqualTo(Action.PASS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"6228 4800 1234 5679", "62284800123456780", "228480012345678"})
    void shouldNotMatchAnotherCard(final String other) {
        stopPay.list(listed(CARD, CARD_AS_LISTED, ListType.FRAUD_ACCOUNT).build());

        assertThat(payToPayeeWith(null, other).getAction()).isEqualTo(Action.PASS);
    }

    @Test
    void shouldPropagateThroughALinkageThatWroteBothSidesDifferently() {
        stopPay.link(link(CARD, "6228-4800-1234-5678", PHONE, "+86 139 1234 5678", LinkKind.CARD_PHONE))
                .list(listed(CARD, CARD_AS_LISTED, ListType.FRAUD_ACCOUNT).build());

        assertThat(stopPay.statusOf(PHONE, "+8613912345678")).isNotNull();
        assertThat(payToPayeeWith("0086 139 1234 5678", null).getAction()).isEqualTo(Action.STOP_PAYMENT);
    }

    @Test
    void shouldRemoveALinkOnlyUnderTheKeyAsTheLinkageWroteIt() {
        final String writtenKey = "CARD:6228-4800-1234-5678|PHONE:+86 139 1234 5678";
        stopPay.link(link(CARD, "6228-4800-1234-5678", PHONE, "+86 139 1234 5678", LinkKind.CARD_PHONE))
                .list(listed(CARD, CARD_AS_LISTED, ListType.FRAUD_ACCOUNT).build());

        stopPay.unlinkKey("CARD:" + CARD_AS_LISTED + "|PHONE:" + PHONE_AS_LISTED);

        assertThat(stopPay.deadLetters()).extracting(kv -> kv.value.getReason())
                .containsExactly("UNLINK_KEY_NOT_LINKED");
        assertThat(stopPay.statusOf(PHONE, PHONE_AS_LISTED)).as("still linked: the topic still holds its record")
                .isNotNull();

        stopPay.unlinkKey(writtenKey);

        assertThat(stopPay.statusOf(PHONE, PHONE_AS_LISTED)).isNull();
    }

    @Test
    void shouldKeepALinkWhileAnyKeyNamingItStands() {
        // Two feeders, one writing the card first, the other the phone: two records on the topic.
        stopPay.link(link(CARD, CARD_AS_LISTED, PHONE, PHONE_AS_LISTED, LinkKind.CARD_PHONE))
                .linkWithKey("PHONE:" + PHONE_AS_LISTED + "|CARD:" + CARD_AS_LISTED,
                        link(PHONE, PHONE_AS_LISTED, CARD, CARD_AS_LISTED, LinkKind.CARD_PHONE))
                .list(listed(CARD, CARD_AS_LISTED, ListType.FRAUD_ACCOUNT).build());

        stopPay.unlinkKey("CARD:" + CARD_AS_LISTED + "|PHONE:" + PHONE_AS_LISTED);

        assertThat(stopPay.statusOf(PHONE, PHONE_AS_LISTED)).as("the other key still links them").isNotNull();

        stopPay.unlinkKey("PHONE:" + PHONE_AS_LISTED + "|CARD:" + CARD_AS_LISTED);

        assertThat(stopPay.statusOf(PHONE, PHONE_AS_LISTED)).isNull();
        assertThat(stopPay.deadLetters()).isEmpty();
    }

    @Test
    void shouldReleaseOnlyUnderTheKeyAsTheListingWroteIt() {
        // Compaction keeps one record per key as written: a release under another spelling would
        // leave the listing's record on the topic, to come back on the next rebuild.
        stopPay.list(listed(PHONE, PHONE_AS_LISTED, ListType.FRAUD_ACCOUNT).build());

        stopPay.release(PHONE, "+86 139-1234-5678");

        assertThat(stopPay.deadLetters()).extracting(kv -> kv.value.getReason())
                .containsExactly("RELEASE_KEY_NOT_LISTED");
        assertThat(stopPay.statusOf(PHONE, "+8613912345678")).isNotNull();

        stopPay.release(PHONE, PHONE_AS_LISTED);

        assertThat(stopPay.statusOf(PHONE, "+8613912345678")).isNull();
        assertThat(payToPayeeWith(PHONE_AS_LISTED, null).getAction()).isEqualTo(Action.PASS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"6217 0000 1111 2222 333", "621700001111\u200B2222333", "6217\u00A00000\u20091111\t2222333",
            "\uFEFF62170000 11112222333\u200D", "６２１７ ００００ １１１１ ２２２２ ３３３"})
    void shouldStopAPaymentToAnAccountListedAsDigitsAndPaidWithBlanksInside(final String written) {
        stopPay.list(listed(ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build());

        stopPay.pay(payment("T1", PAYER, written, 300_000).build());

        assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.STOP_PAYMENT);
        assertThat(stopPay.statusOf(ACCOUNT, written)).as("queried as written, it reads as restricted").isNotNull();
        assertThat(stopPay.activityOf(written).inflowsSince(Payments.T0.minus(Duration.ofHours(1))))
                .as("its history, queried as written").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"6217 0000 1111 2222 333", "621700001111\u200B2222333", "６２１７００００１１１１２２２２３３３"})
    void shouldStopAPaymentToAnAccountListedWithBlanksInsideAndPaidAsDigits(final String listedAs) {
        stopPay.list(listed(ACCOUNT, listedAs, ListType.FRAUD_ACCOUNT).build());

        stopPay.pay(payment("T1", PAYER, PAYEE, 300_000).build());

        assertThat(stopPay.deadLetters()).isEmpty();
        assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.STOP_PAYMENT);
    }

    @ParameterizedTest
    @CsvSource({"ACC-1, ACC1", "ACC1, ACC-1", "ACC-1, ACC.1"})
    void shouldNotMatchAnAccountWhoseIdDiffersByADashOrADot(final String listedAs, final String paidTo) {
        stopPay.list(listed(ACCOUNT, listedAs, ListType.FRAUD_ACCOUNT).build());

        stopPay.pay(payment("T1", PAYER, paidTo, 300_000).build());

        assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.PASS);
        assertThat(stopPay.statusOf(ACCOUNT, paidTo)).isNull();
        assertThat(stopPay.statusOf(ACCOUNT, " " + listedAs + "\u200B")).isNotNull();
    }

    @Test
    void shouldTrimAListedAccountId() {
        stopPay.list(listed(ACCOUNT, "  " + PAYEE + " ", ListType.FRAUD_ACCOUNT).build());

        assertThat(stopPay.deadLetters()).isEmpty();
        stopPay.pay(payment("T1", PAYER, PAYEE, 300_000).build());
        assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.STOP_PAYMENT);
    }

    @Test
    void shouldDeadLetterAListingOrLinkageWhoseIdentifierHasNoCanonicalForm() {
        stopPay.list(listed(PHONE, "call me", ListType.FRAUD_ACCOUNT).build())
                .list(listed(CARD, "6228 4800 1234 567X", ListType.FRAUD_ACCOUNT).build())
                .link(link(CARD, CARD_AS_LISTED, PHONE, "12", LinkKind.CARD_PHONE));

        assertThat(stopPay.deadLetters()).extracting(kv -> kv.value.getReason())
                .containsExactly("UNREADABLE_IDENTIFIER", "UNREADABLE_IDENTIFIER", "UNREADABLE_IDENTIFIER");
        assertThat(stopPay.deadLetters()).extracting(kv -> kv.value.getError())
                .allSatisfy(error -> assertThat(error).doesNotContain("567X", "call me"));
        assertThat(stopPay.restrictionChanges()).isEmpty();
    }

    @Test
    void shouldDeadLetterALinkageOfASubjectToItselfWrittenTwoWays() {
        stopPay.link(link(CARD, CARD_AS_LISTED, CARD, "6228 4800 1234 5678", LinkKind.ACCOUNT_CARD));

        assertThat(stopPay.deadLetters()).extracting(kv -> kv.value.getReason()).containsExactly("SELF_LINK");
    }

    @Test
    void shouldDecideAPaymentWhoseIdentifierHasNoCanonicalFormAndCountIt() {
        final RiskDecision decision = payToPayeeWith("ask at the counter", "not-a-card");

        assertThat(decision.getAction()).isEqualTo(Action.PASS);
        assertThat(stopPay.deadLetters()).isEmpty();
        assertThat(stopPay.metrics.registry().get("stoppay.identifiers.unreadable").tag("type", "PHONE").counter().count())
                .isEqualTo(1.0);
        assertThat(stopPay.metrics.registry().get("stoppay.identifiers.unreadable").tag("type", "CARD").counter().count())
                .isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u2007", "\u202F", "\u200B", "\uFEFF", " "})
    void shouldStopAPaymentToAListedAccountWrittenWithInvisibleBlanks(final String blank) {
        stopPay.list(listed(ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build());

        stopPay.pay(payment("T1", PAYER, blank + PAYEE + blank, 300_000).build());

        assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.STOP_PAYMENT);
    }

    @Test
    void shouldCountAnAccountsInflowsTogetherWhateverBlanksSurroundItsId() {
        stopPay.account(Payments.account(PAYEE, AccountClass.CLASS_II).setRegionCode("440305").build());
        final List<String> writtenAs = List.of(PAYEE, PAYEE + " ", " " + PAYEE, PAYEE + "\u00A0", "\u200B" + PAYEE);
        for (int i = 0; i < writtenAs.size(); i++) {
            stopPay.pay(payment("T" + i, Payments.holder(i + 1), writtenAs.get(i), 100_000)
                    .setEventTime(Payments.T0.plus(Duration.ofMinutes(7L * (i + 1)))).build());
        }

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction())
                .containsExactly(Action.PASS, Action.PASS, Action.PASS, Action.PASS, Action.HOLD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A06222020200112233445", "6222 0202 0011 2233 445", "622202020011\u200B2233445"})
    void shouldJudgeAPayerKeyedWithBlanksOnItsOwnHistory(final String payerWritten) {
        stopPay.pay(payerWritten, payment("T1", payerWritten, PAYEE, 100).build(), Payments.T0)
                .pay(PAYER, payment("T1", PAYER, PAYEE, 100).build(), Payments.T0);

        assertThat(stopPay.decisions()).as("the second is the first redelivered").hasSize(1);
        assertThat(stopPay.deadLetters()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u200B\uFEFF"})
    void shouldDeadLetterAPaymentToAnAccountOfBlanksOnly(final String blanks) {
        stopPay.pay(payment("T1", PAYER, blanks, 100).build());

        assertThat(stopPay.deadLetters()).extracting(kv -> kv.value.getReason()).containsExactly("MISSING_PAYEE_ACCOUNT");
    }

    @ParameterizedTest
    @ValueSource(strings = {" 6222020200112233445\u00a0", "6222 0202 0011 2233 445", "6222020200\u200B112233445"})
    void shouldApplyAnAccountProfileKeyedWithBlanksToThePaymentsOfItsAccount(final String payerWritten) {
        stopPay.account(Payments.account(payerWritten, AccountClass.CLASS_I).setHolderBirthYear(1950).build());

        stopPay.pay(payment("T1", PAYER, PAYEE, 600_000).build());

        assertThat(stopPay.deadLetters()).isEmpty();
        assertThat(stopPay.onlyDecision().getHits()).extracting(RuleHit::getRuleId)
                .as("an elderly payer's large payment to a new payee").containsExactly("ELDERLY_LARGE_TO_NEW_PAYEE");
    }

    private RiskDecision payToPayeeWith(final String phone, final String card) {
        stopPay.pay(payment("T1", PAYER, PAYEE, 300_000)
                .setPayee(partyWith(PAYEE).setPhone(phone).setCardNumber(card).build()).build());
        return stopPay.onlyDecision();
    }
}
