package io.stoppay.loadtest.generator;

/**
 * Phones and card numbers as real feeders write them (FIELD-NOTES, "Identifiers as feeders write
 * them"): with and without {@code +86} or {@code 0086}, grouped by spaces or dashes. The
 * population's identifiers are plain digits; a payment or a linkage writes each in the form
 * {@code variant} picks, so the benchmark measures matching across forms too.
 */
final class WrittenForms {

    private WrittenForms() {
    }

    /** An 11-digit Chinese mobile number in one of six forms. */
    static String phone(final String mobile, final int variant) {
        final String grouped = mobile.substring(0, 3) + ' ' + mobile.substring(3, 7) + ' ' + mobile.substring(7);
        return switch (Math.floorMod(variant, 6)) {
            case 0 -> mobile;
            case 1 -> "+86 " + grouped;
            case 2 -> "+86" + mobile;
            case 3 -> "0086-" + grouped.replace(' ', '-');
            case 4 -> grouped;
            default -> "0086 " + mobile;
        };
    }

    /** A card number as digits, in groups of four with spaces, or with dashes. */
    static String card(final String digits, final int variant) {
        return switch (Math.floorMod(variant, 3)) {
            case 0 -> digits;
            case 1 -> String.join(" ", digits.split("(?<=\\G.{4})"));
            default -> String.join("-", digits.split("(?<=\\G.{4})"));
        };
    }
}
