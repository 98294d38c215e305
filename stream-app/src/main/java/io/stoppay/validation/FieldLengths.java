package io.stoppay.validation;

import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * No text anywhere in a record or its key may be longer than {@link #MAX_CHARS}: an identifier,
 * a name or a note that long is not a mistake a bank makes but an attack or a broken feeder, and
 * it would end up in state-store keys, changelogs and alerts. The message names the field, never
 * its content (it may be personal data).
 */
final class FieldLengths {

    static final int MAX_CHARS = 2_048;

    private FieldLengths() {
    }

    static void check(final String key, final Object value) {
        if (key != null && key.length() > MAX_CHARS) {
            throw tooLong("the record key", key.length());
        }
        if (value instanceof IndexedRecord record) {
            walk(record.getSchema().getName(), record);
        }
    }

    private static void walk(final String path, final Object value) {
        if (value instanceof CharSequence text) {
            if (text.length() > MAX_CHARS) {
                throw tooLong(path, text.length());
            }
        } else if (value instanceof IndexedRecord record) {
            for (final Schema.Field field : record.getSchema().getFields()) {
                walk(path + "." + field.name(), record.get(field.pos()));
            }
        } else if (value instanceof Collection<?> items) {
            items.forEach(item -> walk(path + "[]", item));
        } else if (value instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> {
                walk(path + " key", k);
                walk(path + "[" + k + "]", v);
            });
        }
    }

    private static InvalidRecordException tooLong(final String what, final int length) {
        return new InvalidRecordException("FIELD_TOO_LONG",
                what + " has " + length + " characters; at most " + MAX_CHARS + " are accepted");
    }
}
