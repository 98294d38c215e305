package io.stoppay.access;

/**
 * Which regions a centre's 6-digit administrative division code covers (GB/T 2260: two digits of
 * province, two of city, two of district). A province's centre ({@code 320000}) covers every city
 * and district of its province, a city's ({@code 320600}) every district of its city, a district's
 * ({@code 320623}) itself only, and the national centre ({@code 000000}) every region.
 */
public final class Jurisdiction {

    public static final String NATIONAL = "000000";

    private Jurisdiction() {
    }

    /** True for a province's, a city's or the national code: one that covers regions other than itself. */
    public static boolean coversOthers(final String centre) {
        return centre.endsWith("00");
    }

    /**
     * What every region {@code centre} covers begins with: two digits for a province, four for a
     * city, nothing for the nation, the whole code for a district.
     */
    public static String prefix(final String centre) {
        if (centre.equals(NATIONAL)) {
            return "";
        }
        if (centre.endsWith("0000")) {
            return centre.substring(0, 2);
        }
        return centre.endsWith("00") ? centre.substring(0, 4) : centre;
    }

    /** True when a centre of {@code centre} may act on what was routed to {@code region}; both 6-digit codes. */
    public static boolean covers(final String centre, final String region) {
        return centre.equals(region) || coversOthers(centre) && region.startsWith(prefix(centre));
    }
}
