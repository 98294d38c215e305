package io.stoppay.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Bytes on disk per state store of one Kafka Streams application, summed over its tasks. Kafka
 * Streams keeps {@code <state.dir>/<application.id>/<task>/rocksdb/<store>} for key-value stores,
 * {@code <task>/<store>/<segment>} for window stores and {@code global/rocksdb/<store>} for global
 * ones; anything else at task level (lock and checkpoint files) is counted as {@code (task files)}.
 */
final class StateSize {

    static final String TASK_FILES = "(task files)";

    private StateSize() {
    }

    static Map<String, Long> byStore(final Path appStateDir) {
        final Map<String, Long> sizes = new TreeMap<>();
        if (!Files.isDirectory(appStateDir)) {
            return sizes;
        }
        try (Stream<Path> files = Files.walk(appStateDir)) {
            files.filter(Files::isRegularFile).forEach(file -> sizes.merge(storeOf(appStateDir.relativize(file)),
                    sizeOf(file), Long::sum));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot measure the state in " + appStateDir, e);
        }
        return sizes;
    }

    /** {@code task/rocksdb/store/...} or {@code task/store/...}: the store; {@code task/file}: task files. */
    private static String storeOf(final Path relative) {
        if (relative.getNameCount() < 3) {
            return TASK_FILES;
        }
        final boolean keyValue = relative.getName(1).toString().equals("rocksdb") && relative.getNameCount() >= 4;
        return relative.getName(keyValue ? 2 : 1).toString();
    }

    /** A file RocksDB deleted while we walked counts as empty. */
    private static long sizeOf(final Path file) {
        try {
            return Files.size(file);
        } catch (final IOException e) {
            return 0;
        }
    }
}
