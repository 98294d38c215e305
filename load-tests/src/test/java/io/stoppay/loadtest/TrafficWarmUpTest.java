package io.stoppay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.loadtest.bench.JavaProcess;
import io.stoppay.loadtest.bench.Sleeper;
import io.stoppay.loadtest.generator.TrafficMix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warm-up ends once the app has caught up, not merely when its time is up: a window that starts
 * by draining the warm-up's backlog measures the warm-up (a hub load looked seconds late for it).
 */
class TrafficWarmUpTest {

    private static final int RATE = 200;
    private static final Duration WARMUP = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final Workload workload = new Workload(42, 2_000, TrafficMix.defaults(), "warm-up-test");
    private JavaProcess app;

    @BeforeEach
    void startApp() {
        app = JavaProcess.start("app", List.of("-Xmx64m"), Sleeper.class.getName(), List.of(),
                dir.resolve("app.log"));
    }

    @AfterEach
    void stopApp() {
        app.kill();
    }

    @Test
    void shouldGoOnPastTheWarmUpTimeUntilTheAppHasCaughtUp() {
        // The app decides one payment, then nothing until half a warm-up after the warm-up time, then all.
        final long catchesUpAt = System.nanoTime() + WARMUP.toNanos() * 3 / 2;
        final LongSupplier decided = () -> System.nanoTime() < catchesUpAt ? 1 : producer.history().size();

        final long behind = new Traffic(producer, workload, RATE, decided)
                .warmUp(WARMUP, Duration.ofMinutes(1), () -> decided.getAsLong() > 0, app);

        assertThat(behind).as("undecided when the warm-up ended").isLessThanOrEqualTo(RATE / 2);
        assertThat(producer.history()).as("sent past the warm-up time").hasSizeGreaterThan(RATE);
    }

    @Test
    void shouldMeasureAnAppThatNeverCatchesUpAfterASecondWarmUpAndSaySo() {
        final LongSupplier decided = () -> 1;

        final long behind = new Traffic(producer, workload, RATE, decided)
                .warmUp(WARMUP, Duration.ofMinutes(1), () -> true, app);

        assertThat(behind).isEqualTo(producer.history().size() - 1).isGreaterThan(RATE / 2);
    }

    /**
     * An app that decides nothing more: a max-rate warm-up fills the backlog the window may keep and
     * stops there. A cap small enough for any machine to reach within the warm-up (the generator made
     * 11,079 payments in it on a loaded CI machine, so not the real 20,000), and below the thousand
     * a second that the old warm-up, paced at 1,000/s whatever the app did, sent past any cap.
     */
    @Test
    void shouldWarmUpAMaxRateRunAsItMeasuresWithNoMoreUndecidedThanTheWindowMaySend() {
        final LongSupplier decided = () -> 1;
        final int maxBacklog = 300;

        final long behind = new Traffic(producer, workload, 0, decided, maxBacklog)
                .warmUp(WARMUP, Duration.ofMinutes(1), () -> true, app);

        assertThat(behind).as("undecided when the warm-up ended").isEqualTo(maxBacklog);
        assertThat(producer.history()).hasSize(maxBacklog + 1);
    }
}
