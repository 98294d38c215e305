package io.stoppay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateSizeTest {

    @TempDir
    Path app;

    @Test
    void sumsEachStoreOverItsTasksWhateverItsKind() throws IOException {
        write("0_0/rocksdb/payer-txn-ids/000001.sst", 100);
        write("0_1/rocksdb/payer-txn-ids/000002.sst", 50);
        write("0_0/account-inflows/account-inflows.1700000000000/000003.sst", 70);
        write("global/rocksdb/account-profiles/000004.sst", 30);
        write("0_0/.lock", 1);

        assertThat(StateSize.byStore(app)).containsOnly(
                entry("payer-txn-ids", 150L),
                entry("account-inflows", 70L),
                entry("account-profiles", 30L),
                entry(StateSize.TASK_FILES, 1L));
    }

    @Test
    void anAppWithoutStateHasNone() {
        assertThat(StateSize.byStore(app.resolve("never-started"))).isEmpty();
    }

    private void write(final String relative, final int bytes) throws IOException {
        final Path file = app.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }
}
