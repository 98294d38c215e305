package io.stoppay.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code --rate}: how long a backfill waits between past payments, on a test's clock. */
class PaceTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final List<Long> sleeps = new ArrayList<>();
    private final Pace.Sleeper sleeper = slept -> {
        sleeps.add(slept);
        nanos.addAndGet(slept);
    };

    @Test
    void shouldSpreadPaymentsEvenlyAtTheRate() {
        final Pace pace = new Pace(4, nanos::get, sleeper);

        for (int i = 0; i < 9; i++) {
            pace.await();
        }

        // Nine payments at 4/s: the first at once, eight more a quarter of a second apart.
        assertThat(sleeps).hasSize(8).containsOnly(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(nanos.get() - 1_000).isEqualTo(TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void shouldNotCatchUpInABurstAfterASlowStretch() {
        final Pace pace = new Pace(10, nanos::get, sleeper);
        pace.await();
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5)); // the source stalled for five seconds

        pace.await();
        pace.await();

        assertThat(sleeps).containsExactly(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void shouldNeverWaitWithoutARate() {
        final Pace pace = new Pace(0, nanos::get, sleeper);

        for (int i = 0; i < 1_000; i++) {
            pace.await();
        }

        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldRefuseANegativeRate() {
        assertThatThrownBy(() -> new Pace(-1, nanos::get, sleeper))
                .hasMessage("--rate -1 must be 0 (as fast as possible) or more");
    }
}
