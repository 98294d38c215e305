package io.stoppay.validation;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * No text anywhere in a record or its key may be longer than {@link #MAX_CHARS}: an identifier,
 * a name or a note that long is not a mistake a bank makes but an attack or a broken feeder, and
 * it would end up in state-store keys, changelogs and alerts. The message names the field, never
 * its content (it may be personal data).
 *
 * <p>Every input record passes here, so the check runs in two passes: a quick one that only
 * looks at the fields whose schema can hold text and builds nothing, and, for the rare record
 * that fails it, a walk of everything that names the field.
 */
public final class FieldLengths {

    public static final int MAX_CHARS = 2_048;

    /**
     * Per record schema, the positions of its fields that can hold text. A few schemas arrive (one
     * per record type), so this stays small; every stream thread shares it.
     */
    private static final Map<Schema, int[]> TEXT_FIELDS = new ConcurrentHashMap<>();

    private FieldLengths() {
    }

    /**
     * Checks the key and every text of {@code value}.
     *
     * @throws InvalidRecordException {@code FIELD_TOO_LONG}, naming the field, when one is longer than {@link #MAX_CHARS}
     */
    public static void check(final String key, final Object value) {
        if (key != null && key.length() > MAX_CHARS) {
            throw tooLong("the record key", key.length());
        }
        if (value instanceof IndexedRecord record && !fits(record)) {
            walk(record.getSchema().getName(), record);
        }
    }

    /**
     * Whether every text in {@code value} is short enough. It skips only fields that cannot hold
     * text, so it is false exactly when {@link #walk} would throw.
     */
    private static boolean fits(final Object value) {
        if (value instanceof CharSequence text) {
            return text.length() <= MAX_CHARS;
        }
        if (value instanceof IndexedRecord record) {
            for (final int pos : textFields(record.getSchema())) {
                if (!fits(record.get(pos))) {
                    return false;
                }
            }
        } else if (value instanceof Collection<?> items) {
            for (final Object item : items) {
                if (!fits(item)) {
                    return false;
                }
            }
        } else if (value instanceof Map<?, ?> entries) {
            for (final Map.Entry<?, ?> entry : entries.entrySet()) {
                if (!fits(entry.getKey()) || !fits(entry.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Finds the text that is too long and throws, naming its path. */
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

    private static int[] textFields(final Schema record) {
        final int[] known = TEXT_FIELDS.get(record);
        return known != null ? known : TEXT_FIELDS.computeIfAbsent(record, FieldLengths::findTextFields);
    }

    private static int[] findTextFields(final Schema record) {
        return record.getFields().stream().filter(field -> canHoldText(field.schema())).mapToInt(Schema.Field::pos)
                .toArray();
    }

    /**
     * Whether a value of {@code schema} can be or contain text. A nested record counts: which of
     * its fields can is decided by its own schema when the walk reaches it (a union may hold one
     * of several). Numbers, booleans, enums, bytes and fixed never decode to text.
     */
    private static boolean canHoldText(final Schema schema) {
        return switch (schema.getType()) {
            case STRING, RECORD, MAP -> true; // a map's keys are text
            case ARRAY -> canHoldText(schema.getElementType());
            case UNION -> schema.getTypes().stream().anyMatch(FieldLengths::canHoldText);
            case ENUM, FIXED, BYTES, INT, LONG, FLOAT, DOUBLE, BOOLEAN, NULL -> false;
        };
    }

    private static InvalidRecordException tooLong(final String what, final int length) {
        return new InvalidRecordException("FIELD_TOO_LONG",
                what + " has " + length + " characters; at most " + MAX_CHARS + " are accepted");
    }
}
