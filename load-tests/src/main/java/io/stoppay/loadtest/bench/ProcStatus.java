package io.stoppay.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** Reads a process's memory from Linux's {@code /proc/<pid>/status}. */
final class ProcStatus {

    private ProcStatus() {
    }

    /** {@code VmRSS} in bytes, or empty when the file is not there (not Linux, or the process ended). */
    static OptionalLong residentBytes(final long pid) {
        try {
            return residentBytes(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
        } catch (final IOException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code VmRSS} of a status file's lines, which the kernel gives in kB. */
    static OptionalLong residentBytes(final List<String> statusLines) {
        for (final String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                final String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                final long value = Long.parseLong(parts[0]);
                return OptionalLong.of(parts.length > 1 && parts[1].toLowerCase(Locale.ROOT).equals("kb")
                        ? value * 1024 : value);
            }
        }
        return OptionalLong.empty();
    }
}
