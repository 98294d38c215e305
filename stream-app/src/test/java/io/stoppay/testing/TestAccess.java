package io.stoppay.testing;

import io.stoppay.access.Access;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An access file for tests that run StopPay whole: an administrator who sees identifiers whole,
 * an analyst of every bank who sees them masked, an officer of region 320623 and a metrics scraper;
 * and, for the scope of account reads, an analyst of bank {@value #BANK} who sees identifiers whole,
 * an analyst of bank {@value #OTHER_BANK} and an officer of region {@value #OTHER_REGION}.
 */
public final class TestAccess {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    public static final String ANALYST_TOKEN = "test-analyst-token-0123456789abcdef";
    public static final String OFFICER_TOKEN = "test-officer-320623-token-0123456789";
    public static final String SCRAPER_TOKEN = "test-scraper-token-0123456789abcdef";
    public static final String BANK_ANALYST_TOKEN = "test-analyst-0102-token-0123456789";
    public static final String OTHER_BANK_ANALYST_TOKEN = "test-analyst-0308-token-0123456789";
    public static final String OTHER_REGION_OFFICER_TOKEN = "test-officer-110101-token-0123456789";
    public static final String BANK = "0102";
    public static final String OTHER_BANK = "0308";
    /** A region that 320623 is not in. */
    public static final String OTHER_REGION = "110101";

    private TestAccess() {
    }

    /** Writes {@code dir/access.yaml} and returns its path, for {@code stoppay.access.file}. */
    public static Path write(final Path dir) {
        final Path file = dir.resolve("access.yaml");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, "principals:\n"
                    + "  - {name: test-admin, token-sha256: " + Access.sha256Hex(ADMIN_TOKEN)
                    + ", roles: [ADMIN], full-identifiers: true}\n"
                    + "  - {name: test-analyst, token-sha256: " + Access.sha256Hex(ANALYST_TOKEN)
                    + ", roles: [ANALYST], banks: [\"*\"]}\n"
                    + "  - {name: test-officer-320623, token-sha256: " + Access.sha256Hex(OFFICER_TOKEN)
                    + ", roles: [OFFICER], regions: [\"320623\"]}\n"
                    + "  - {name: test-scraper, token-sha256: " + Access.sha256Hex(SCRAPER_TOKEN)
                    + ", roles: [SCRAPER]}\n"
                    + "  - {name: test-analyst-" + BANK + ", token-sha256: " + Access.sha256Hex(BANK_ANALYST_TOKEN)
                    + ", roles: [ANALYST], banks: [\"" + BANK + "\"], full-identifiers: true}\n"
                    + "  - {name: test-analyst-" + OTHER_BANK + ", token-sha256: " + Access.sha256Hex(OTHER_BANK_ANALYST_TOKEN)
                    + ", roles: [ANALYST], banks: [\"" + OTHER_BANK + "\"]}\n"
                    + "  - {name: test-officer-" + OTHER_REGION + ", token-sha256: "
                    + Access.sha256Hex(OTHER_REGION_OFFICER_TOKEN) + ", roles: [OFFICER], regions: [\"" + OTHER_REGION
                    + "\"]}\n");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
