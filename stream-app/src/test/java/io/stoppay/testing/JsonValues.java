package io.stoppay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Plain Java values out of parsed JSON and YAML, for assertions on deployment files. */
public final class JsonValues {

    private JsonValues() {
    }

    /** The elements of an array as text; empty when the node is missing. */
    public static List<String> strings(final JsonNode array) {
        final List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
