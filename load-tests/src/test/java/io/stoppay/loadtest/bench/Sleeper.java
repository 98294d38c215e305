package io.stoppay.loadtest.bench;

import java.time.Duration;

/** A process that does nothing for ten minutes: a stand-in app that outlives a test unless it is stopped. */
public final class Sleeper {

    private Sleeper() {
    }

    public static void main(final String[] args) throws InterruptedException {
        Thread.sleep(Duration.ofMinutes(10).toMillis());
    }
}
