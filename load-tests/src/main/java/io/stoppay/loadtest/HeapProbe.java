package io.stoppay.loadtest;

import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The app's heap in use (bytes), read from its Prometheus endpoint at most once per
 * {@link #EVERY_MS} ms once it answers; in between, the last reading. A scrape of StopPay's /metrics is about
 * 200 KB and costs its HTTP threads a fifth of a second on two cores: once a second, as the
 * sampler asks, it took a measurable share of the CPU the measured app runs on. Prometheus itself
 * scrapes every 15 s.
 */
final class HeapProbe implements LongSupplier {

    static final long EVERY_MS = 10_000;
    private static final Pattern HEAP_USED = Pattern.compile(
            "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$", Pattern.MULTILINE);

    private final AppScrape scrape;
    private long readAtMs = -EVERY_MS;
    private long lastBytes = -1;

    HeapProbe(final int port) {
        this.scrape = new AppScrape(port);
    }

    /** The heap in use at the last reading, -1 when the app did not answer. */
    @Override
    public synchronized long getAsLong() {
        final long now = System.currentTimeMillis();
        if (now - readAtMs >= EVERY_MS) {
            final long bytes = read();
            if (bytes >= 0) { // a scrape that failed (a cold app is slow to answer) is tried again next time
                readAtMs = now;
                lastBytes = bytes;
            }
        }
        return lastBytes;
    }

    private long read() {
        return (long) scrape.sum(HEAP_USED).orElse(-1);
    }
}
