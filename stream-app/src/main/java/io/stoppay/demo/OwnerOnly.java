package io.stoppay.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/** The demo's secrets (its HTTPS key, its token hashes) readable by the user who ran it only. */
final class OwnerOnly {

    private OwnerOnly() {
    }

    /** {@code file} made {@code rw-------} where the file system has POSIX permissions; as it is elsewhere. */
    static void restrict(final Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
