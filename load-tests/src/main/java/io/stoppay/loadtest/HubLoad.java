package io.stoppay.loadtest;

import io.stoppay.loadtest.bench.JavaProcess;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A hub loaded while payments flow (FIELD-NOTES, "Graphs and lists"): one carrier-grade NAT
 * address linked to {@code links} accounts in one bulk feed, which lands at once inside the
 * measured window.
 *
 * <p>The feeder's own work is kept out of the window: the links are written before it, in one open
 * transaction of the feeder's own transactional producer, and committed {@code --hub-after} into
 * it. StopPay reads read_committed, so it sees none of them until the commit and all of them
 * after. On this 2-core machine the writing alone (the feeder sending 100,000 records, the broker
 * appending them) put decision p99 at 0.5–0.65 s for about four seconds even when the records went
 * to a topic StopPay does not read (RESULTS.md, 2026-11-30 afternoon); on a real deployment the
 * feeder and the broker run elsewhere. What the window then measures is StopPay's loading: reading
 * the links, moving them into the graph's task and applying them.
 *
 * <p>The load is applied when StopPay's restriction client has committed the lists and linkages
 * topics and its graph task's repartition topics to their ends, which is watched while payments
 * flow; its duration runs from the commit.
 */
final class HubLoad {

    private final Admin admin;
    private final String graphAppId;
    private final Collection<String> graphTopics;
    private final List<ProducerRecord<String, byte[]>> records;
    private final Producer<String, byte[]> feeder;

    /**
     * @param graphAppId  the application id of StopPay's restriction client (its consumer group)
     * @param graphTopics the topics it has consumed to their ends once the load is applied
     * @param feeder      a transactional producer of the hub's feeder alone, its transactions initialised
     */
    HubLoad(final Admin admin, final String graphAppId, final Collection<String> graphTopics,
            final List<ProducerRecord<String, byte[]>> records, final Producer<String, byte[]> feeder) {
        this.admin = admin;
        this.graphAppId = graphAppId;
        this.graphTopics = graphTopics;
        this.records = records;
        this.feeder = feeder;
    }

    /** Writes every link in one transaction left open: on the broker, and invisible to StopPay. */
    void stage() {
        feeder.beginTransaction();
        records.forEach(feeder::send);
        feeder.flush();
    }

    /**
     * Commits the staged links, then waits until StopPay has applied them all, or {@code timeout}.
     * Runs beside the measured traffic.
     *
     * @return the load's span: when it was committed, and when it was found applied (-1 when it was not within the timeout)
     */
    Span load(final Duration timeout, final JavaProcess app) throws Exception {
        final long startMs = System.currentTimeMillis();
        feeder.commitTransaction();
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
