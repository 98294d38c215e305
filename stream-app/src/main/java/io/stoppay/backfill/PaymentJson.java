package io.stoppay.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stoppay.validation.InvalidRecordException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/**
 * One past payment as a JSON object, with the field names of the {@code PaymentTransaction}
 * contract:
 *
 * <pre>
 * {"txnId": "TX-1", "eventTime": "2026-10-01T08:00:00Z", "channel": "MOBILE_BANKING",
 *  "payer": {"accountId": "acct-example-payer"}, "payee": {"accountId": "acct-example-payee", "name": "李四"},
 *  "amountMinor": 300000, "currency": "CNY", "regionCode": "320623"}
 * </pre>
 *
 * <p>Required: {@code txnId}, {@code eventTime} (an ISO-8601 instant, or epoch milliseconds as a
 * number), {@code channel} (a {@link Channel} name), {@code payer} and {@code payee} (objects with
 * {@code accountId}, and optionally {@code cardNumber}, {@code phone}, {@code idNumberHash},
 * {@code bankCode}, {@code name}), {@code amountMinor} (an integer, minor units), {@code currency}.
 * Optional: {@code deviceId}, {@code ipAddress}, {@code regionCode}, {@code crossBorder} (a boolean,
 * default false). An optional field that is null or blank is absent. Unknown fields are ignored:
 * bank exports carry more columns.
 *
 * <p>What is wrong is an {@link InvalidRecordException}: {@code MALFORMED_JSON} (not one JSON object),
 * {@code MISSING_FIELD} (its message is the field, e.g. {@code payer.accountId}), {@code WRONG_TYPE}
 * or {@code INVALID_VALUE}. Messages name fields, never their values: those may be card numbers.
 * Whether the payment itself is possible is {@code PaymentCheck}'s to say.
 */
public final class PaymentJson {

    // A field twice is a broken export, not a choice of the last value; so is a second object on the line.
    private static final ObjectReader JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();

    private static final String CHANNELS = Arrays.stream(Channel.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private PaymentJson() {
    }

    /**
     * The payment in one line of JSON.
     *
     * @throws InvalidRecordException when the line is not a JSON object or a field is missing or wrong
     */
    public static PaymentTransaction parse(final String json) {
        final Fields payment = new Fields(object(json), "");
        return PaymentTransaction.newBuilder()
                .setTxnId(payment.text("txnId"))
                .setEventTime(payment.instant("eventTime"))
                .setChannel(payment.channel("channel"))
                .setPayer(party(payment.object("payer")))
                .setPayee(party(payment.object("payee")))
                .setAmountMinor(payment.integer("amountMinor"))
                .setCurrency(payment.text("currency"))
                .setDeviceId(payment.optionalText("deviceId"))
                .setIpAddress(payment.optionalText("ipAddress"))
                .setRegionCode(payment.optionalText("regionCode"))
                .setCrossBorder(payment.optionalBoolean("crossBorder"))
                .build();
    }

    private static Party party(final Fields party) {
        return Party.newBuilder()
                .setAccountId(party.text("accountId"))
                .setCardNumber(party.optionalText("cardNumber"))
                .setPhone(party.optionalText("phone"))
                .setIdNumberHash(party.optionalText("idNumberHash"))
                .setBankCode(party.optionalText("bankCode"))
                .setName(party.optionalText("name"))
                .build();
    }

    private static JsonNode object(final String json) {
        final JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (final JsonProcessingException e) {
            // Jackson's own message quotes the offending text, which may be a card number: only where it is.
            throw new InvalidRecordException("MALFORMED_JSON", "not valid JSON (at column "
                    + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException("MALFORMED_JSON", "not a JSON object");
        }
        return node;
    }

    /** The fields of one JSON object; {@code prefix} names it in errors ({@code "payer."}). */
    private record Fields(JsonNode node, String prefix) {

        String text(final String name) {
            final JsonNode value = required(name);
            if (!value.isTextual()) {
                throw wrongType(name, "a string", value);
            }
            return value.textValue();
        }

        String optionalText(final String name) {
            final JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw wrongType(name, "a string", value);
            }
            return value.textValue().isBlank() ? null : value.textValue();
        }

        long integer(final String name) {
            final JsonNode value = required(name);
            if (!value.isIntegralNumber()) {
                throw wrongType(name, "an integer", value);
            }
            if (!value.canConvertToLong()) {
                throw invalid(name, "is out of range");
            }
            return value.longValue();
        }

        boolean optionalBoolean(final String name) {
            final JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return false;
            }
            if (!value.isBoolean()) {
                throw wrongType(name, "true or false", value);
            }
            return value.booleanValue();
        }

        Instant instant(final String name) {
            final JsonNode value = required(name);
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return Instant.ofEpochMilli(value.longValue());
            }
            if (!value.isTextual()) {
                throw wrongType(name, "an ISO-8601 instant or epoch milliseconds", value);
            }
            try {
                return Instant.parse(value.textValue().trim());
            } catch (final DateTimeParseException e) {
                throw invalid(name, "must be an ISO-8601 instant such as 2026-10-01T08:00:00Z, or epoch milliseconds");
            }
        }

        Channel channel(final String name) {
            final String text = text(name);
            try {
                return Channel.valueOf(text.trim());
            } catch (final IllegalArgumentException e) {
                throw invalid(name, "must be one of " + CHANNELS);
            }
        }

        Fields object(final String name) {
            final JsonNode value = required(name);
            if (!value.isObject()) {
                throw wrongType(name, "an object", value);
            }
            return new Fields(value, prefix + name + ".");
        }

        private JsonNode required(final String name) {
            final JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new InvalidRecordException("MISSING_FIELD", prefix + name);
            }
            return value;
        }

        private InvalidRecordException wrongType(final String name, final String expected, final JsonNode actual) {
            return new InvalidRecordException("WRONG_TYPE", prefix + name + ": must be " + expected + ", not "
                    + kind(actual));
        }

        private InvalidRecordException invalid(final String name, final String what) {
            return new InvalidRecordException("INVALID_VALUE", prefix + name + ": " + what);
        }

        private static String kind(final JsonNode value) {
            return switch (value.getNodeType()) {
                case STRING -> "a string";
                case NUMBER -> value.isIntegralNumber() ? "an integer" : "a decimal number";
                case BOOLEAN -> "a boolean";
                case OBJECT -> "an object";
                case ARRAY -> "an array";
                default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
            };
        }
    }
}
