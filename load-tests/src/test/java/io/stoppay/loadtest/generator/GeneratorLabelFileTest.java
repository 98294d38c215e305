package io.stoppay.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorLabelFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryLabelItWrote() throws IOException {
        final List<PaymentLabel> labels = List.of(
                PaymentLabel.ordinary("r1-0000000001", Scenario.ORDINARY),
                PaymentLabel.single("r1-0000000002", Scenario.LISTED_PAYEE, Expectation.INTERCEPT),
                PaymentLabel.single("r1-0000000003", Scenario.DORMANT_REACTIVATED, Expectation.STEP_UP_OR_STRONGER),
                PaymentLabel.inEpisode("r1-0000000004", Scenario.MULE_FAN_IN, "r1-M00000001", 5, 8, 5));
        final Path file = dir.resolve("labels.csv");

        try (LabelFile.Writer writer = LabelFile.create(file)) {
            labels.forEach(writer::write);
        }

        assertThat(LabelFile.read(file)).isEqualTo(labels);
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).first()
                .isEqualTo("txnId,scenario,fraud,expectation,episode,position,episodeSize,threshold");
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).element(4)
                .isEqualTo("r1-0000000004,MULE_FAN_IN,true,INTERCEPT_FROM_THRESHOLD,r1-M00000001,5,8,5");
    }

    @Test
    void shouldReadNoLabelsFromAFileWithNoneWritten() throws IOException {
        final Path file = dir.resolve("empty.csv");

        try (LabelFile.Writer writer = LabelFile.create(file)) {
            writer.flush();
        }

        assertThat(LabelFile.read(file)).isEmpty();
    }
}
