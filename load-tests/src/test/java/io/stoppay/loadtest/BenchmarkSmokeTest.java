package io.stoppay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The benchmark end to end at a tiny rate, so the harness cannot rot: broker, StopPay, the
 * baseline and the two-stage floor each in their own process, labelled traffic, a small hub staged in a transaction and
 * applied during the window, and all three reports written.
 */
class BenchmarkSmokeTest {

    @TempDir
    Path out;

    @Test
    void shouldMeasureStopPayAndTheBaselineAndWriteTheReports() throws Exception {
        final int exitCode = new CommandLine(new Benchmark()).execute("--rate", "50", "--warmup", "3s",
                "--duration", "6s", "--accounts", "2000", "--partitions", "2", "--guarantees", "exactly_once_v2",
                "--app-heap", "512m", "--floor", "--hub-links", "300", "--hub-after", "2s", "--out", out.toString());

        assertThat(exitCode).isZero();
        final JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        assertThat(result.get("runs")).extracting(run -> run.get("name").asText())
                .containsExactly("pass-through-exactly_once_v2", "two-stage-floor-exactly_once_v2", "stoppay-exactly_once_v2");
        for (final JsonNode run : result.get("runs")) {
            assertThat(run.get("measured").asLong()).as(run.get("name").asText()).isGreaterThan(100);
            assertThat(run.get("missing").asLong()).isZero();
            assertThat(run.get("duplicates").asLong()).isZero();
            assertThat(run.get("outputs").asLong()).isEqualTo(run.get("measured").asLong());
            assertThat(run.at("/appendLatency/p99").asLong()).isPositive();
            assertThat(run.get("peakRssBytes").asLong()).isPositive();
        }
        final JsonNode floor = result.get("runs").get(1);
        assertThat(floor.at("/stateBytes/" + PassThrough.PAYEE_TOTALS).asLong()).as("the floor keeps state").isPositive();
        assertThat(floor.path("detection").isObject()).as("the floor decides nothing").isFalse();
        final JsonNode stopPay = result.get("runs").get(2);
        assertThat(stopPay.at("/detection/scenarios/ordinary/payments").asLong()).isPositive();
        assertThat(stopPay.at("/detection/falsePositiveRate").asDouble()).isLessThanOrEqualTo(0.005);
        assertThat(Files.list(out.resolve("labels"))).hasSize(3);
        assertThat(stopPay.get("peakHeapBytes").asLong()).isPositive();
        assertThat(stopPay.at("/hubLoad/links").asLong()).isEqualTo(300);
        assertThat(stopPay.at("/hubLoad/seconds").asDouble()).isPositive();
        assertThat(stopPay.at("/hubLoad/duringLoad/count").asLong()).isPositive();
        assertThat(result.get("runs").get(0).path("hubLoad").isObject()).as("the baseline loads no hub").isFalse();
        assertThat(stopPay.at("/stateBytes/account-inflows").asLong()).isPositive();
        assertThat(stopPay.at("/stateBytes/account-profiles").asLong()).isPositive();
        assertThat(Files.readString(out.resolve("summary.md"))).startsWith("# StopPay benchmark\n\n**Verdict: ")
                .contains("| stoppay-exactly_once_v2 |", "## Targets", "## Detection: stoppay-exactly_once_v2",
                        "## Rule hits: stoppay-exactly_once_v2", "## Hub load: stoppay-exactly_once_v2", "## State on disk at the end: stoppay-exactly_once_v2");
        assertThat(result.at("/verdict/targets").asInt()).isEqualTo(result.get("targets").size());
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg", "</html>");
    }
}
