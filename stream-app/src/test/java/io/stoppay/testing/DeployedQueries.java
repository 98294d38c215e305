package io.stoppay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names that the shipped alert rules ({@code deploy/prometheus/stoppay-rules.yml}) and
 * Grafana dashboard ({@code deploy/grafana/stoppay-dashboard.json}) query. Recording rules
 * ({@code stoppay:...}, with colons) are derived, not exported, and are left out.
 */
public final class DeployedQueries {

    /** The project's deploy/ directory, seen from a module's directory (where tests run). */
    public static final Path DEPLOY = Path.of("..", "deploy");
    private static final Pattern METRIC = Pattern.compile("\\b((?:stoppay|kafka|jvm|process)_[a-z0-9_]+)\\b");

    private DeployedQueries() {
    }

    public static Set<String> metricNames() {
        final Set<String> names = new TreeSet<>();
        for (final Path file : new Path[] {DEPLOY.resolve("prometheus/stoppay-rules.yml"),
                DEPLOY.resolve("grafana/stoppay-dashboard.json")}) {
            try {
                final Matcher matcher = METRIC.matcher(Files.readString(file));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return names;
    }
}
