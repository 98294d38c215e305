package io.stoppay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.access.Access;
import io.stoppay.demo.DemoCertificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stoppay demo}, briefly, as a person runs it: the loop closes (a simulated bank and centres
 * answer, a confirmed fraud is listed) and the summary ends with the statistics StopPay published.
 */
class DemoCommandIT {

    private static final Pattern DECIDED = Pattern.compile("^\\[statistics] \\S+ region \\d{6}: decided=(\\d+) ");

    @Test
    void shouldPrintOutcomesAndEndWithTheStatisticsOfEveryDecision(@TempDir final Path dataDir) throws Exception {
        // When
        final CliRun run = CliRun.of("demo", "--duration", "2s", "--rate", "100", "--data-dir", dataDir.toString(),
                "--http-port", "0");

        // Then
        assertThat(run.exitCode()).isZero();
        final List<String> lines = run.out().lines().toList();
        assertThat(lines).as("where to reach the broker, which listens on this machine only")
                .anyMatch(line -> line.matches("^Kafka: localhost:\\d+ \\(this machine only.*"));
        assertThat(lines).anyMatch(line -> line.startsWith("[bank outcome] "))
                .anyMatch(line -> line.startsWith("[police outcome] "))
                .anyMatch(line -> line.matches("^\\[summary] .* STOP_PAYMENT=[1-9].* outcomes=[1-9].*"));
        final long decided = lines.stream().map(DECIDED::matcher).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        final Matcher summary = Pattern.compile("^\\[summary] .* decided=(\\d+) ").matcher(
                lines.stream().filter(line -> line.startsWith("[summary] ")).findFirst().orElseThrow());
        assertThat(summary.find()).isTrue();
        assertThat(decided).isPositive().isEqualTo(Long.parseLong(summary.group(1)));

        // And it printed the console's address and this run's tokens, of which the access file keeps only hashes.
        assertThat(lines).anyMatch(line -> line.matches("^Console: https://localhost:\\d+/console/ .*"));
        final String officerToken = lines.stream().filter(line -> line.startsWith("  officer of region "))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElseThrow();
        assertThat(officerToken).matches("[A-Za-z0-9_-]{43}");
        // Its secrets are the user's alone (attack on issue 18: both were world-readable).
        for (final String secret : List.of("access.yaml", "demo-https.p12")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(secret))))
                    .as(secret).isEqualTo("rw-------");
        }
        assertThat(Files.readString(dataDir.resolve("access.yaml"))).contains(Access.sha256Hex(officerToken))
                .doesNotContain(officerToken);

        // And it served HTTPS with a certificate of its own for localhost, which its curl lines trust
        final Path certificate = dataDir.resolve(DemoCertificate.CERTIFICATE_FILE);
        assertThat(lines).anyMatch(line -> line.startsWith("Certificate: made for this run and self-signed (" + certificate
                + "); your browser will warn about it"));
        assertThat(lines.stream().filter(line -> line.contains("curl "))).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains("curl --cacert " + certificate + " -H 'Authorization: Bearer ").contains(" https://localhost:"));
        final X509Certificate served;
        try (InputStream in = Files.newInputStream(certificate)) {
            served = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(served.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1");
        assertThat(lines).noneMatch(line -> line.contains("http://"));
    }
}
