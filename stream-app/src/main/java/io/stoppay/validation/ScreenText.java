package io.stoppay.validation;

/**
 * Whether a short identifier (a source, a bank code, an operator or officer id) can be shown on an
 * operator's screen and written to an audit line as it is. Refused: control characters (a line
 * break forges a line), Unicode line and paragraph separators (they break lines too), and format
 * characters such as the bidirectional overrides U+202E and U+2066-2069 and zero-width joiners,
 * which reorder or hide what follows them on the screen.
 */
public final class ScreenText {

    private ScreenText() {
    }

    /** True when {@code text} holds a character that would forge, reorder or hide what an operator reads. */
    public static boolean unsafe(final String text) {
        return text.codePoints().anyMatch(ScreenText::unsafe);
    }

    private static boolean unsafe(final int codePoint) {
        final int type = Character.getType(codePoint);
        return Character.isISOControl(codePoint) || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
    }
}
