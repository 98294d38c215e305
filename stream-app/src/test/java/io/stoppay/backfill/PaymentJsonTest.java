package io.stoppay.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoppay.validation.InvalidRecordException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/** One JSON line becomes the payment it describes, or a reason that names the field and never its value. */
class PaymentJsonTest {

    static final String CARD = "6222020200112233441";
    /** Every required field, nothing else. */
    static final String MINIMAL = "{\"txnId\": \"TX-1\", \"eventTime\": \"2026-10-01T08:00:00Z\", "
            + "\"channel\": \"MOBILE_BANKING\", \"payer\": {\"accountId\": \"" + CARD + "\"}, "
            + "\"payee\": {\"accountId\": \"6217000012345678901\"}, \"amountMinor\": 300000, \"currency\": \"CNY\"}";

    @Test
    void shouldReadEveryFieldOfTheContract() {
        // Given
        final String json = "{\"txnId\": \"TX-1\", \"eventTime\": \"2026-10-01T08:00:00Z\", \"channel\": \"POS\", "
                + "\"payer\": {\"accountId\": \"" + CARD + "\", \"cardNumber\": \"6222020200112233441\", "
                + "\"phone\": \"13800000001\", \"idNumberHash\": \"h1\", \"bankCode\": \"ICBC\", \"name\": \"张三\"}, "
                + "\"payee\": {\"accountId\": \"6217000012345678901\", \"name\": \"李四\"}, \"amountMinor\": 300000, "
                + "\"currency\": \"CNY\", \"deviceId\": \"dev-1\", \"ipAddress\": \"10.1.2.3\", \"regionCode\": \"320623\", "
                + "\"crossBorder\": true}";

        // When
        final PaymentTransaction payment = PaymentJson.parse(json);

        // Then
        assertThat(payment).isEqualTo(PaymentTransaction.newBuilder().setTxnId("TX-1")
                .setEventTime(Instant.parse("2026-10-01T08:00:00Z")).setChannel(Channel.POS)
                .setPayer(Party.newBuilder().setAccountId(CARD).setCardNumber("6222020200112233441")
                        .setPhone("13800000001").setIdNumberHash("h1").setBankCode("ICBC").setName("张三").build())
                .setPayee(Party.newBuilder().setAccountId("6217000012345678901").setName("李四").build())
                .setAmountMinor(300_000).setCurrency("CNY").setDeviceId("dev-1").setIpAddress("10.1.2.3")
                .setRegionCode("320623").setCrossBorder(true).build());
    }

    @Test
    void shouldLeaveOutWhatIsOptionalAndNotCrossBorderByDefault() {
        // When
        final PaymentTransaction payment = PaymentJson.parse(MINIMAL);

        // Then
        assertThat(payment.getDeviceId()).isNull();
        assertThat(payment.getPayer().getCardNumber()).isNull();
        assertThat(payment.getCrossBorder()).isFalse();
    }

    @Test
    void shouldIgnoreUnknownFieldsAndTakeBlankOrNullOptionalOnesAsAbsent() {
        // Given: a bank export's extra columns, empty cells
        final String json = MINIMAL.replace("{\"txnId\"", "{\"branch\": \"0421\", \"memo\": {\"a\": [1, 2]}, "
                + "\"deviceId\": \" \", \"ipAddress\": null, \"crossBorder\": null, \"txnId\"");

        // When
        final PaymentTransaction payment = PaymentJson.parse(json);

        // Then
        assertThat(payment.getTxnId()).isEqualTo("TX-1");
        assertThat(payment.getDeviceId()).isNull();
        assertThat(payment.getIpAddress()).isNull();
        assertThat(payment.getCrossBorder()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1759305600000|2025-10-01T08:00:00Z",
            "\"2025-10-01T08:00:00Z\"|2025-10-01T08:00:00Z",
            "\"2025-10-01T16:00:00+08:00\"|2025-10-01T08:00:00Z",
            "\"2025-10-01T08:00:00.250Z\"|2025-10-01T08:00:00.250Z"})
    void shouldReadTheEventTimeAsEpochMillisOrAnIsoInstant(final String value, final String expected) {
        // When
        final PaymentTransaction payment = PaymentJson.parse(MINIMAL.replace("\"2026-10-01T08:00:00Z\"", value));

        // Then
        assertThat(payment.getEventTime()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"txnId\": \"TX-1\", ", "txnId=TX-1;amount=3000", "{\"txnId\": \"TX-1\"} {\"txnId\": \"TX-2\"}",
            "{\"txnId\": \"TX-1\", \"txnId\": \"TX-2\"}", "{'txnId': 'TX-1'}"})
    void shouldRejectWhatIsNotOneValidJsonObjectAsMalformed(final String line) {
        assertRejected(line, "MALFORMED_JSON", "not valid JSON (at column");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"TX-1\"", "42", "null"})
    void shouldRejectJsonThatIsNotAnObjectAsMalformed(final String line) {
        assertRejected(line, "MALFORMED_JSON", "not a JSON object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"txnId\": \"TX-1\", |txnId",
            "\"amountMinor\": 300000, |amountMinor",
            "\"currency\": \"CNY\"|currency",
            "\"accountId\": \"" + CARD + "\"|payer.accountId",
            "\"payee\": {\"accountId\": \"6217000012345678901\"}, |payee",
            "\"channel\": \"MOBILE_BANKING\", |channel",
            "\"eventTime\": \"2026-10-01T08:00:00Z\", |eventTime"})
    void shouldNameTheMissingField(final String removed, final String field) {
        assertRejected(MINIMAL.replace(removed, "").replace(", }", "}").replace("{}", "{\"bankCode\": \"x\"}"),
                "MISSING_FIELD", field);
    }

    @Test
    void shouldTakeANullRequiredFieldAsMissing() {
        assertRejected(MINIMAL.replace("300000", "null"), "MISSING_FIELD", "amountMinor");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "300000|\"300000\"|amountMinor: must be an integer, not a string",
            "300000|3000.50|amountMinor: must be an integer, not a decimal number",
            "\"TX-1\"|17|txnId: must be a string, not an integer",
            "{\"accountId\": \"6217000012345678901\"}|\"6217000012345678901\"|payee: must be an object, not a string",
            "\"" + CARD + "\"|6222020200112233441|payer.accountId: must be a string, not an integer",
            "\"2026-10-01T08:00:00Z\"|true|eventTime: must be an ISO-8601 instant or epoch milliseconds, not a boolean",
            "\"CNY\"|[\"CNY\"]|currency: must be a string, not an array"})
    void shouldNameTheFieldOfTheWrongType(final String good, final String bad, final String message) {
        assertRejected(MINIMAL.replace(good, bad), "WRONG_TYPE", message);
    }

    @Test
    void shouldRejectACrossBorderFlagThatIsNotABoolean() {
        assertRejected(MINIMAL.replace("{\"txnId\"", "{\"crossBorder\": \"Y\", \"txnId\""), "WRONG_TYPE",
                "crossBorder: must be true or false, not a string");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"MOBILE_BANKING\"|\"WECHAT\"|channel: must be one of MOBILE_BANKING, ONLINE_BANKING, COUNTER, ATM, POS, "
                    + "THIRD_PARTY_PAY, DIGITAL_RMB",
            "\"2026-10-01T08:00:00Z\"|\"01/10/2026 08:00\"|eventTime: must be an ISO-8601 instant such as "
                    + "2026-10-01T08:00:00Z, or epoch milliseconds",
            "300000|99999999999999999999|amountMinor: is out of range"})
    void shouldNameTheFieldOfAnInvalidValue(final String good, final String bad, final String message) {
        assertRejected(MINIMAL.replace(good, bad), "INVALID_VALUE", message);
    }

    @Test
    void shouldNeverQuoteTheValueInItsReason() {
        // A card number where a field of another type belongs, and one in broken JSON.
        assertThatThrownBy(() -> PaymentJson.parse(MINIMAL.replace("300000", "\"" + CARD + "\"")))
                .hasMessageNotContaining(CARD);
        assertThatThrownBy(() -> PaymentJson.parse("{\"payer\": " + CARD + "x}")).hasMessageNotContaining(CARD);
        assertThatThrownBy(() -> PaymentJson.parse(MINIMAL.replace("MOBILE_BANKING", CARD)))
                .hasMessageNotContaining(CARD);
    }

    private static void assertRejected(final String line, final String reason, final String message) {
        assertThatThrownBy(() -> PaymentJson.parse(line))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageStartingWith(message);
    }
}
