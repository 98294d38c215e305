package io.stoppay.api;

import java.util.List;

/** CSV as RFC 4180 writes it: records end in CRLF; a field with a comma, a quote or a line break is quoted, its quotes doubled. */
public final class Csv {

    private Csv() {
    }

    /** Appends one record of {@code fields} to {@code out}. */
    public static void row(final StringBuilder out, final List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            final String field = fields.get(i);
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\r') >= 0 || field.indexOf('\n') >= 0) {
                out.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                out.append(field);
            }
        }
        out.append("\r\n");
    }
}
