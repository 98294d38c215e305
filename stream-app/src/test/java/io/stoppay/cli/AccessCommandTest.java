package io.stoppay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.access.Access;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stoppay access}: a token with the hash that goes in the access file, and checking a file. */
class AccessCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldPrintARandomUrlSafeTokenAndItsSha256() {
        final CliRun first = CliRun.of("access", "new-token");
        final CliRun second = CliRun.of("access", "new-token");

        assertThat(first.exitCode()).isZero();
        final List<String> lines = first.out().lines().toList();
        assertThat(lines).hasSize(2);
        final String token = lines.get(0).substring("token:".length()).strip();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(lines.get(1)).isEqualTo("token-sha256: " + HexFormat.of().formatHex(Access.sha256(token)));
        assertThat(second.out()).doesNotContain(token);
    }

    @Test
    void shouldCheckAFileAsStopPayWouldAtStart() throws Exception {
        final Path good = dir.resolve("good.yaml");
        Files.writeString(good, "principals:\n  - {name: prometheus, token-sha256: " + "0f".repeat(32)
                + ", roles: [SCRAPER]}\n");
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "principals:\n  - {name: prometheus, token-sha256: 0f, roles: [SCRAPER]}\n");

        final CliRun valid = CliRun.of("access", "check", good.toString());
        final CliRun invalid = CliRun.of("access", "check", bad.toString());
        final CliRun missing = CliRun.of("access", "check", dir.resolve("absent.yaml").toString());

        assertThat(valid.exitCode()).isZero();
        assertThat(valid.out().strip()).isEqualTo(good + ": 1 principal(s), valid");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.errLines()).singleElement().asString()
                .startsWith("stoppay: access file " + bad + ": principals[0] (prometheus).token-sha256: must be 64 hex digits");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errLines()).singleElement().asString().endsWith("absent.yaml: cannot read: no such file");
        // Attack on issue 18: a directory and bytes that are not UTF-8 gave a Java exception's name
        final Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "principals: [] # caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(CliRun.of("access", "check", dir.toString()).errLines()).singleElement().asString()
                .isEqualTo("stoppay: access file " + dir + ": cannot read: a directory, not a file");
        assertThat(CliRun.of("access", "check", latin1.toString()).errLines()).singleElement().asString()
                .isEqualTo("stoppay: access file " + latin1 + ": not UTF-8 text");
    }
}
