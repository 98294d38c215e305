package io.stoppay.app;

import io.stoppay.config.StopPayConfig;
import io.stoppay.topology.InterceptionTopology;
import io.stoppay.topology.StreamsSettings;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running StopPay instance: the interception topology in a {@link KafkaStreams} client.
 * A stream thread that dies of an unexpected error is replaced rather than taking the instance
 * down; bad records never get that far (they go to the dead-letter topic).
 */
public final class StopPayApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StopPayApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StopPayApp(final KafkaStreams streams) {
        this.streams = streams;
    }

    /** Builds the topology for {@code config} and starts processing. */
    public static StopPayApp start(final StopPayConfig config) {
        final Properties props = StreamsSettings.from(config);
        final KafkaStreams streams = new KafkaStreams(InterceptionTopology.build(config, props), props);
        streams.setUncaughtExceptionHandler(error -> {
            // Only stream threads can be replaced; Kafka Streams fails on a request to replace the global one.
            if (Thread.currentThread().getName().contains("GlobalStreamThread")) {
                LOG.atError().setMessage("global thread failed; shutting this instance down").setCause(error).log();
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.atError().setMessage("stream thread failed; replacing it").setCause(error).log();
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        final StopPayApp app = new StopPayApp(streams);
        streams.setStateListener((now, before) -> {
            LOG.atInfo().setMessage("state changed").addKeyValue("from", before).addKeyValue("to", now).log();
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                app.stopped.countDown();
            }
        });
        streams.start();
        return app;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Waits until the instance has stopped, normally or in error; true when it stopped in error. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return streams.state() == KafkaStreams.State.ERROR;
    }

    /** Commits what is in flight and closes the stores. */
    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
    }
}
