package io.stoppay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.server.config.AbstractKafkaConfig;

/**
 * The broker settings StopPay's failover depends on (README "Failover", design note 10,
 * system-tests/RESULTS.md), as every cluster we ship must set them: the compose file's brokers
 * and {@code deploy/cluster/kraft-cluster.sh}'s.
 */
final class BrokerFailoverSettings {

    /**
     * Broker key to value: the broker waits up to 2 s for a previous transaction's markers instead
     * of answering {@code CONCURRENT_TRANSACTIONS} after 100 ms (about 450 refusals in one 3-broker
     * FailoverIT run, none with it), and aborts a dead instance's expired transaction within a second.
     */
    static final Map<String, String> EXPECTED = Map.of(
            "add.partitions.to.txn.retry.backoff.max.ms", "2000",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");

    private BrokerFailoverSettings() {
    }

    /** Asserts that {@code settings} (broker key to value) hold every expected one, under a key the broker knows. */
    static void assertSetIn(final Map<String, String> settings, final String where) {
        EXPECTED.forEach((key, value) -> {
            assertThat(AbstractKafkaConfig.CONFIG_DEF.names()).as("a broker setting").contains(key);
            assertThat(settings).as(where).containsEntry(key, value);
        });
    }
}
