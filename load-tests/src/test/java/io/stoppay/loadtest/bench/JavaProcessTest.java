package io.stoppay.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark stopped from outside (Ctrl-C, a CI timeout) takes its broker and apps with it: a
 * newcomer's interrupted run left a pass-through app running, holding CPU, with its broker gone.
 */
class JavaProcessTest {

    @TempDir
    Path dir;

    @Test
    void shouldStopItsChildProcessesWhenThisJvmIsTerminated() throws Exception {
        final Path childPid = dir.resolve("child.pid");
        try (JavaProcess parent = JavaProcess.start("parent", List.of("-Xmx64m"), Parent.class.getName(),
                List.of(childPid.toString(), dir.resolve("child.log").toString()), dir.resolve("parent.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(childPid) && Files.size(childPid) > 0);
            final ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(childPid).trim())).orElseThrow();
            assertThat(child.isAlive()).isTrue();

            parent.signal("TERM");

            await().atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
            assertThat(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        }
    }

    /** Starts a child that would run for ten minutes, writes its pid, and waits. */
    public static final class Parent {
        public static void main(final String[] args) throws Exception {
            final JavaProcess child = JavaProcess.start("child", List.of("-Xmx64m"), Sleeper.class.getName(),
                    List.of(), Path.of(args[1]));
            Files.writeString(Path.of(args[0]), Long.toString(child.pid()));
            Thread.sleep(Duration.ofMinutes(10).toMillis());
        }
    }
}
