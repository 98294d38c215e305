package io.stoppay.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Writes a benchmark's results three ways: {@code result.json} (everything, for machines),
 * {@code summary.md} (tables and the targets of issue 5, met or not) and {@code report.html}
 * (self-contained: latency over time and the latency distribution as inline SVG).
 */
final class BenchmarkReport {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

    private BenchmarkReport() {
    }

    static void write(final Path out, final Benchmark settings, final List<RunResult> runs) throws IOException {
        final Map<String, Object> machine = machine();
        final Map<String, Object> all = new LinkedHashMap<>();
        all.put("machine", machine);
        all.put("settings", Map.of("rate", settings.rate, "durationSeconds", settings.duration.toSeconds(),
                "warmupSeconds", settings.warmup.toSeconds(), "accounts", settings.accounts, "seed", settings.seed,
                "partitions", settings.partitions, "commitIntervalMs", settings.commitIntervalMs,
                "stoppay", settings.stopPaySettings, "mix", settings.mix == null ? "defaults" : settings.mix));
        all.put("runs", runs);
        all.put("targets", targets(runs));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("result.json").toFile(), all);
        Files.writeString(out.resolve("summary.md"), markdown(machine, all, runs));
        Files.writeString(out.resolve("report.html"), html(runs));
    }

    /** The targets of issue 5 that this run can judge: name -> {value, target, met}. */
    static Map<String, Map<String, Object>> targets(final List<RunResult> runs) {
        final Map<String, Map<String, Object>> targets = new LinkedHashMap<>();
        final Optional<RunResult> stopPayEos = find(runs, "stoppay-exactly_once_v2");
        final Optional<RunResult> baselineEos = find(runs, "pass-through-exactly_once_v2");
        final Optional<RunResult> stopPayAlos = find(runs, "stoppay-at_least_once");
        // A run that left payments undecided has no valid latency or throughput: it fails every target.
        runs.forEach(run -> target(targets, "every measured payment came out: " + run.name(), run.missing(), "= 0",
                run.missing() == 0 && run.outputs() > 0));
        stopPayEos.ifPresent(eos -> {
            if (eos.mode().equals("max-rate")) {
                baselineEos.ifPresent(base -> target(targets, "throughput StopPay / pass-through (EOS)",
                        ratio(eos.throughputPerSecond(), base.throughputPerSecond()), ">= 0.50",
                        complete(eos, base) && ratio(eos.throughputPerSecond(), base.throughputPerSecond()) >= 0.5));
                stopPayAlos.ifPresent(alos -> target(targets, "throughput EOS / ALOS (StopPay)",
                        ratio(eos.throughputPerSecond(), alos.throughputPerSecond()), ">= 0.80",
                        complete(eos, alos) && ratio(eos.throughputPerSecond(), alos.throughputPerSecond()) >= 0.8));
            } else {
                baselineEos.ifPresent(base -> {
                    target(targets, "p99 visible StopPay / pass-through (EOS)",
                            ratio(eos.visibleLatency().p99(), base.visibleLatency().p99()), "<= 1.5",
                            complete(eos, base) && ratio(eos.visibleLatency().p99(), base.visibleLatency().p99()) <= 1.5);
                    target(targets, "p50 visible StopPay - pass-through (EOS), ms",
                            eos.visibleLatency().p50() - base.visibleLatency().p50(), "<= 20",
                            complete(eos, base) && eos.visibleLatency().p50() - base.visibleLatency().p50() <= 20);
                });
            }
            if (eos.detection() != null) {
                target(targets, "false positives on ordinary payments", eos.detection().falsePositiveRate(),
                        "<= 0.005", eos.detection().falsePositiveRate() <= 0.005);
                eos.detection().scenarios().forEach((scenario, counts) -> {
                    if (!scenario.equals("ordinary") && counts.judged() > 0) {
                        final boolean everyOne = scenario.startsWith("listed") || scenario.startsWith("linked");
                        target(targets, "as expected: " + scenario, counts.metFraction(), everyOne ? "= 1.0" : ">= 0.95",
                                counts.metFraction() >= (everyOne ? 1.0 : 0.95));
                    }
                });
            }
            final long settledRss = settledRss(eos);
            target(targets, "RSS growth after the first third of the run (StopPay EOS), MiB",
                    (eos.lastRssBytes() - settledRss) / (1024.0 * 1024.0), "flat: <= 10% (judged over 10 min)",
                    eos.lastRssBytes() <= settledRss * 1.1);
        });
        return targets;
    }

    /**
     * RSS once the heap and RocksDB's bounded caches have filled: the sample a third into the
     * run. Growth before it is the caches warming up; growth after it would be a leak.
     */
    private static long settledRss(final RunResult run) {
        final List<RunResult.Second> timeline = run.timeline().stream().filter(s -> s.rssBytes() > 0).toList();
        return timeline.isEmpty() ? run.firstRssBytes() : timeline.get(timeline.size() / 3).rssBytes();
    }

    private static boolean complete(final RunResult a, final RunResult b) {
        return a.missing() == 0 && b.missing() == 0 && a.outputs() > 0 && b.outputs() > 0;
    }

    private static void target(final Map<String, Map<String, Object>> targets, final String name, final double value,
                               final String target, final boolean met) {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("value", Math.round(value * 1000) / 1000.0);
        row.put("target", target);
        row.put("met", met);
        targets.put(name, row);
    }

    private static double ratio(final double a, final double b) {
        return b == 0 ? 0 : a / b;
    }

    private static Optional<RunResult> find(final List<RunResult> runs, final String name) {
        return runs.stream().filter(run -> run.name().equals(name)).findFirst();
    }

    @SuppressWarnings("unchecked")
    private static String markdown(final Map<String, Object> machine, final Map<String, Object> all,
                                   final List<RunResult> runs) {
        final StringBuilder md = new StringBuilder("# StopPay benchmark\n\n");
        md.append("Machine: ").append(machine).append("\n\nSettings: ").append(all.get("settings")).append("\n\n");
        md.append("| run | mode | measured | outputs | missing | dup | throughput/s | p50 | p95 | p99 | p99.9 | max | "
                + "visible p50 | visible p99 | RSS first/peak/last MiB | heap peak MiB |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (final RunResult run : runs) {
            final RunResult.Percentiles a = run.appendLatency();
            md.append(String.format(Locale.ROOT, "| %s | %s %s | %d | %d | %d | %d | %.0f | %d | %d | %d | %d | %d | %d | %d "
                            + "| %d / %d / %d | %s |%n", run.name(), run.mode(),
                    run.targetRate() == 0 ? "" : String.format(Locale.ROOT, "%.0f/s", run.targetRate()),
                    run.measured(), run.outputs(), run.missing(), run.duplicates(), run.throughputPerSecond(),
                    a.p50(), a.p95(), a.p99(), a.p999(), a.max(), run.visibleLatency().p50(), run.visibleLatency().p99(),
                    mib(run.firstRssBytes()), mib(run.peakRssBytes()), mib(run.lastRssBytes()),
                    run.peakHeapBytes() < 0 ? "n/a" : Long.toString(mib(run.peakHeapBytes()))));
        }
        md.append("\nLatencies in ms: payment append → output append, both stamped by the broker "
                + "(`LogAppendTime`); \"visible\" = until a read_committed consumer received it.\n");
        runs.stream().filter(run -> !run.stateBytes().isEmpty()).forEach(run -> {
            md.append("\n## State on disk at the end: ").append(run.name()).append("\n\n| store | MiB |\n|---|---:|\n");
            run.stateBytes().forEach((store, bytes) -> md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", store,
                    bytes / (1024.0 * 1024.0))));
            md.append(String.format(Locale.ROOT, "| **total** | %.1f |%n",
                    run.stateBytes().values().stream().mapToLong(Long::longValue).sum() / (1024.0 * 1024.0)));
        });
        runs.stream().filter(run -> run.detection() != null).forEach(run -> {
            md.append("\n## Detection: ").append(run.name()).append("\n\n| scenario | decided | judged (from threshold) "
                    + "| held or stopped | as expected | as expected, fraction |\n|---|---:|---:|---:|---:|---:|\n");
            run.detection().scenarios().forEach((scenario, c) -> md.append(String.format(Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %.4f |%n", scenario, c.payments(), c.judged(), c.intercepted(), c.met(),
                    c.metFraction())));
            md.append(String.format(Locale.ROOT, "%nFalse positives (ordinary payments held or stopped): %.4f%n",
                    run.detection().falsePositiveRate()));
        });
        md.append("\n## Targets\n\n| target | value | wanted | met |\n|---|---:|---|---|\n");
        ((Map<String, Map<String, Object>>) all.get("targets")).forEach((name, row) -> md.append("| ").append(name)
                .append(" | ").append(row.get("value")).append(" | ").append(row.get("target")).append(" | ")
                .append(Boolean.TRUE.equals(row.get("met")) ? "yes" : "**no**").append(" |\n"));
        return md.toString();
    }

    private static String html(final List<RunResult> runs) {
        final StringBuilder page = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<title>StopPay benchmark</title><style>body{font-family:sans-serif;margin:2em}"
                + "svg{border:1px solid #ccc;margin:1em 0}</style></head><body><h1>StopPay benchmark</h1>");
        page.append("<h2>p99 latency over time (ms, payment append → output append)</h2>");
        page.append(chart(runs, run -> run.timeline().stream().map(s -> new double[] {s.second(), s.p99()})));
        page.append("<h2>Latency distribution (ms at percentile)</h2>");
        page.append(chart(runs, run -> Stream.of(
                new double[] {50, run.appendLatency().p50()}, new double[] {95, run.appendLatency().p95()},
                new double[] {99, run.appendLatency().p99()}, new double[] {99.9, run.appendLatency().p999()})));
        page.append("<p>").append(legend(runs)).append("</p></body></html>");
        return page.toString();
    }

    /** A line chart of one series per run, scaled to fit. */
    private static String chart(final List<RunResult> runs,
                                final Function<RunResult, Stream<double[]>> series) {
        final int width = 800;
        final int height = 300;
        final List<List<double[]>> lines = runs.stream().map(run -> series.apply(run)
                .filter(point -> point[1] >= 0).toList()).toList();
        final double maxX = lines.stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(1);
        final double minX = lines.stream().flatMap(List::stream).mapToDouble(p -> p[0]).min().orElse(0);
        final double maxY = Math.max(1, lines.stream().flatMap(List::stream).mapToDouble(p -> p[1]).max().orElse(1));
        final StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">", width, height + 20));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"12\" font-size=\"11\">%.0f</text>", maxY));
        for (int i = 0; i < lines.size(); i++) {
            final StringBuilder points = new StringBuilder();
            for (final double[] p : lines.get(i)) {
                final double x = maxX == minX ? 40 : 40 + (p[0] - minX) / (maxX - minX) * (width - 50);
                final double y = height - p[1] / maxY * (height - 20);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLOURS[i % COLOURS.length])
                    .append("\" points=\"").append(points).append("\"/>");
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"40\" y=\"%d\" font-size=\"11\">%.1f</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.1f</text></svg>", height + 15, minX, width - 60,
                height + 15, maxX));
        return svg.toString();
    }

    private static String legend(final List<RunResult> runs) {
        final StringBuilder legend = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            legend.append("<span style=\"color:").append(COLOURS[i % COLOURS.length]).append("\">&#9632; ")
                    .append(runs.get(i).name()).append("</span> &nbsp; ");
        }
        return legend.toString();
    }

    private static Map<String, Object> machine() {
        final Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("date", Instant.now().toString());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", cpuModel());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return machine;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (final IOException e) {
            return "unknown";
        }
    }

    private static long mib(final long bytes) {
        return bytes < 0 ? -1 : bytes / (1024 * 1024);
    }
}
