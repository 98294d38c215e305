package io.stoppay.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RuleConfig;
import stoppay.v1.RuleSet;

/** No text in a record or its key longer than {@link FieldLengths#MAX_CHARS}, wherever it is. */
class FieldLengthsTest {

    private static final String LONGEST = "x".repeat(FieldLengths.MAX_CHARS);
    private static final String TOO_LONG = "y".repeat(FieldLengths.MAX_CHARS + 1);

    @Test
    void shouldAcceptAPaymentWhoseEveryTextIsAsLongAsAllowed() {
        // Given
        final PaymentTransaction txn = payment(LONGEST);

        // When / Then
        assertThat(textPaths(PaymentTransaction.getClassSchema())).hasSizeGreaterThan(10);
        assertThatCode(() -> FieldLengths.check(LONGEST, txn)).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectEveryTextFieldOfAPaymentOneCharacterTooLongAndNameIt() {
        for (final String path : textPaths(PaymentTransaction.getClassSchema())) {
            // Given
            final PaymentTransaction txn = payment("6222020200112233");
            set(txn, path, TOO_LONG);

            // When / Then
            assertThatThrownBy(() -> FieldLengths.check("6222020200112233", txn)).as(path)
                    .isInstanceOfSatisfying(InvalidRecordException.class,
                            e -> assertThat(e.reason()).isEqualTo("FIELD_TOO_LONG"))
                    .hasMessage(path + " has 2049 characters; at most 2048 are accepted");
        }
    }

    @Test
    void shouldRejectAKeyTooLong() {
        // When / Then
        assertThatThrownBy(() -> FieldLengths.check(TOO_LONG, payment("P")))
                .hasMessage("the record key has 2049 characters; at most 2048 are accepted");
    }

    @Test
    void shouldLookIntoArraysOfRecordsAndMapKeys() {
        // Given
        final RuleSet longRuleId = ruleSet(rule(TOO_LONG, Map.of("window.ms", 1L)));
        final RuleSet longParamName = ruleSet(rule("PAYER_VELOCITY", Map.of(TOO_LONG, 1L)));

        // When / Then
        assertThatThrownBy(() -> FieldLengths.check("default", longRuleId))
                .hasMessage("RuleSet.rules[].ruleId has 2049 characters; at most 2048 are accepted");
        assertThatThrownBy(() -> FieldLengths.check("default", longParamName))
                .hasMessage("RuleSet.rules[].params key has 2049 characters; at most 2048 are accepted");
    }

    @Test
    void shouldCheckTextOfAnyKindInGenericRecordsWithoutQuotingIt() {
        // Given: decoded text is Utf8, not String
        final Schema schema = SchemaBuilder.record("Note").fields()
                .requiredLong("count")
                .name("tags").type().array().items().stringType().noDefault()
                .name("labels").type().map().values().stringType().noDefault()
                .endRecord();
        final GenericData.Record longTag = note(schema, List.of(new Utf8("ok"), new Utf8(TOO_LONG)), Map.of());
        final GenericData.Record longLabel = note(schema, List.of(), Map.of(new Utf8("k"), new Utf8(TOO_LONG)));

        // When / Then
        assertThatThrownBy(() -> FieldLengths.check(null, longTag))
                .hasMessage("Note.tags[] has 2049 characters; at most 2048 are accepted");
        assertThatThrownBy(() -> FieldLengths.check(null, longLabel))
                .hasMessage("Note.labels[k] has 2049 characters; at most 2048 are accepted");
        assertThatCode(() -> FieldLengths.check(null, note(schema, List.of(new Utf8(LONGEST)),
                Map.of(new Utf8(LONGEST), new Utf8(LONGEST))))).doesNotThrowAnyException();
    }

    @Test
    void shouldTellApartRecordsOfOneNameWithDifferentFields() {
        // Given: what a record's fields are comes from its own schema, not its name
        final Schema textFirst = SchemaBuilder.record("Same").fields()
                .requiredString("text").requiredLong("number").endRecord();
        final Schema numberFirst = SchemaBuilder.record("Same").fields()
                .requiredLong("number").requiredString("text").endRecord();
        final GenericData.Record one = new GenericData.Record(textFirst);
        one.put("text", LONGEST);
        one.put("number", 1L);
        final GenericData.Record other = new GenericData.Record(numberFirst);
        other.put("number", 1L);
        other.put("text", TOO_LONG);

        // When / Then
        FieldLengths.check(null, one);
        assertThatThrownBy(() -> FieldLengths.check(null, other))
                .hasMessage("Same.text has 2049 characters; at most 2048 are accepted");
    }

    /** A payment whose every text, optional ones and both parties' included, is {@code text}. */
    private static PaymentTransaction payment(final String text) {
        final PaymentTransaction txn = PaymentTransaction.newBuilder()
                .setTxnId("T1")
                .setEventTime(Instant.parse("2026-11-23T02:00:00Z"))
                .setChannel(Channel.MOBILE_BANKING)
                .setPayer(party())
                .setPayee(party())
                .setAmountMinor(100)
                .setCurrency("CNY")
                .build();
        for (final String path : textPaths(PaymentTransaction.getClassSchema())) {
            set(txn, path, text);
        }
        return txn;
    }

    private static Party party() {
        return Party.newBuilder().setAccountId("6222020200112233").build();
    }

    /** "PaymentTransaction.payer.name" and the like: every field of {@code schema} that holds text, nested records' too. */
    private static List<String> textPaths(final Schema schema) {
        final List<String> paths = new ArrayList<>();
        addTextPaths(schema, schema.getName(), paths);
        return paths;
    }

    private static void addTextPaths(final Schema record, final String path, final List<String> paths) {
        for (final Schema.Field field : record.getFields()) {
            for (final Schema type : field.schema().isUnion() ? field.schema().getTypes() : List.of(field.schema())) {
                if (type.getType() == Schema.Type.STRING) {
                    paths.add(path + "." + field.name());
                } else if (type.getType() == Schema.Type.RECORD) {
                    addTextPaths(type, path + "." + field.name(), paths);
                }
            }
        }
    }

    private static void set(final IndexedRecord root, final String path, final String text) {
        final String[] names = path.split("\\.");
        IndexedRecord record = root;
        for (int i = 1; i < names.length - 1; i++) {
            record = (IndexedRecord) record.get(record.getSchema().getField(names[i]).pos());
        }
        record.put(record.getSchema().getField(names[names.length - 1]).pos(), text);
    }

    private static RuleConfig rule(final String ruleId, final Map<String, Long> params) {
        return RuleConfig.newBuilder().setRuleId(ruleId).setAction(Action.REVIEW).setWeight(30).setParams(params)
                .build();
    }

    private static RuleSet ruleSet(final RuleConfig rule) {
        return RuleSet.newBuilder().setRulesetId("default").setVersion("1").setPublishedAt(Instant.EPOCH)
                .setRules(List.of(rule)).build();
    }

    private static GenericData.Record note(final Schema schema, final List<Utf8> tags, final Map<Utf8, Utf8> labels) {
        final GenericData.Record note = new GenericData.Record(schema);
        note.put("count", 1L);
        note.put("tags", tags);
        note.put("labels", labels);
        return note;
    }
}
