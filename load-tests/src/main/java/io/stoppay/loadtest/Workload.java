package io.stoppay.loadtest;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a benchmark sends: reference data once, then labelled payments, each made for the instant
 * it is sent. Deterministic for a seed.
 */
public interface Workload {

    /** Account profiles, list entries and linkages to publish before any payment. */
    List<ProducerRecord<String, byte[]>> referenceData();

    /** Whether the labels carry ground truth; detection quality is judged only then. */
    boolean labelled();

    /** The next payment for the payments topic, with its ground truth. */
    Labelled next(Instant now);

    /** A payment and its label. */
    record Labelled(ProducerRecord<String, byte[]> record, String txnId, Label label) {
    }

    /**
     * What a payment is: its scenario, whether it is fraud, and whether StopPay must hold or stop
     * it (in a fan-in episode, only from the threshold-reaching payment on).
     */
    record Label(String scenario, boolean fraud, boolean mustHold) {
    }
}
