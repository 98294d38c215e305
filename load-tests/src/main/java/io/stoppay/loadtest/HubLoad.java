package io.stoppay.loadtest;

import io.stoppay.loadtest.bench.JavaProcess;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A hub loaded while payments flow (FIELD-NOTES, "Graphs and lists"): one carrier-grade NAT
 * address linked to {@code links} accounts in one bulk feed, published at the start of the
 * measured window. It is applied when StopPay's restriction client has committed the lists and
 * linkages topics and its graph task's repartition topics to their ends, which is watched while
 * payments flow; its duration runs from the first record sent.
 */
final class HubLoad {

    private final Admin admin;
    private final String graphAppId;
    private final Collection<String> graphTopics;
    private final List<ProducerRecord<String, byte[]>> records;
    private long startMs;

    /**
     * @param graphAppId  the application id of StopPay's restriction client (its consumer group)
     * @param graphTopics the topics it has consumed to their ends once the load is applied
     */
    HubLoad(final Admin admin, final String graphAppId, final Collection<String> graphTopics,
            final List<ProducerRecord<String, byte[]>> records) {
        this.admin = admin;
        this.graphAppId = graphAppId;
        this.graphTopics = graphTopics;
        this.records = records;
    }

    /**
     * Sends every link (the producer batches them), then waits until StopPay has applied them
     * all, or {@code timeout}. Runs beside the measured traffic.
     *
     * @return the load's span: when it began, and when it was found applied (-1 when it was not within the timeout)
     */
    Span load(final KafkaProducer<String, byte[]> producer, final Duration timeout, final JavaProcess app)
            throws Exception {
        startMs = System.currentTimeMillis();
        records.forEach(producer::send);
        producer.flush();
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!TopicLog.consumedToEnd(admin, graphAppId, graphTopics)) {
            app.requireAlive();
            if (System.nanoTime() > deadline) {
                return new Span(records.size(), startMs, -1);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return new Span(records.size(), startMs, System.currentTimeMillis());
    }

    /** The load of {@code links} linkages, from {@code startMs} until {@code endMs} (-1: not applied in time). */
    record Span(long links, long startMs, long endMs) {

        boolean applied() {
            return endMs >= 0;
        }

        double seconds() {
            return applied() ? (endMs - startMs) / 1000.0 : -1;
        }
    }
}
