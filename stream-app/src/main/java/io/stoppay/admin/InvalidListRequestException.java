package io.stoppay.admin;

/**
 * A list change that cannot be made as asked: a missing or wrong field, a bad row of a list file.
 * The message is one line that names the field, e.g. {@code "operator: required"} or
 * {@code "line 7: riskLevel: must be 1..3, was 7"}, and never carries a subject's identifier, so it
 * can be shown to the operator and logged as it is. Nothing has been written when it is thrown.
 */
public final class InvalidListRequestException extends RuntimeException {

    private final String field;

    private InvalidListRequestException(final String field, final String message) {
        // An input error, not a bug: no stack trace to fill or print.
        super(message, null, false, false);
        this.field = field;
    }

    /** {@code field} is wrong as {@code problem} says: the message reads {@code "field: problem"}. */
    public static InvalidListRequestException of(final String field, final String problem) {
        return new InvalidListRequestException(field, oneLine(field + ": " + problem));
    }

    /** The same error placed within a larger input: {@code "line 7: riskLevel: ..."}. */
    public InvalidListRequestException within(final String where) {
        return new InvalidListRequestException(field, oneLine(where + ": " + getMessage()));
    }

    /** The name of the wrong field ({@code riskLevel}, {@code operator}, {@code header}, ...). */
    public String field() {
        return field;
    }

    private static String oneLine(final String text) {
        return text.replaceAll("\\R", " ");
    }
}
