package io.stoppay.demo;

import io.stoppay.access.Access;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's principals: fresh random tokens each run for an officer of one region, a bank analyst
 * and an administrator, written as an access file (hashes only) for StopPay to read, and printed
 * so that a person can log in to the console.
 *
 * @param file          the access file written
 * @param officerRegion the officer's one region
 */
public record DemoAccess(Path file, String officerToken, String officerRegion, String analystToken,
                         String adminToken) {

    /** Writes {@code dir/access.yaml} with new tokens. */
    public static DemoAccess write(final Path dir, final String officerRegion) throws IOException {
        final DemoAccess access = new DemoAccess(dir.resolve("access.yaml"), Access.newToken(), officerRegion,
                Access.newToken(), Access.newToken());
        Files.writeString(access.file(), "# Written by stoppay demo for this run only: SHA-256 of its tokens.\n"
                + "principals:\n"
                + "  - {name: demo-officer-" + officerRegion + ", token-sha256: " + Access.sha256Hex(access.officerToken())
                + ", roles: [OFFICER], regions: [\"" + officerRegion + "\"]}\n"
                + "  - {name: demo-analyst, token-sha256: " + Access.sha256Hex(access.analystToken())
                + ", roles: [ANALYST], banks: [\"" + DemoWorld.BANK_CODE + "\"]}\n"
                + "  - {name: demo-admin, token-sha256: " + Access.sha256Hex(access.adminToken())
                + ", roles: [ADMIN], full-identifiers: true}\n");
        OwnerOnly.restrict(access.file());
        return access;
    }
}
