package io.stoppay.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text scrape ({@code GET /metrics}). */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of the samples of {@code name} whose labels include the given name/value pairs. */
    public static double sample(final String scrape, final String name, final String... labels) {
        final Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        final Matcher matcher = line.matcher(scrape);
        double sum = 0;
        while (matcher.find()) {
            final String labelSet = matcher.group(1) == null ? "" : matcher.group(1);
            boolean matches = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                matches &= labelSet.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (matches) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return sum;
    }
}
