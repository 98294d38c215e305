package io.stoppay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class ReferenceLagTest {

    private static final String PROFILES = "risk.accounts.accepted.v1";
    private static final String GLOBAL = "app-1-0d5c-global-consumer";

    private final Map<MetricName, Metric> metrics = new HashMap<>();

    @Test
    void shouldSumTheGlobalConsumersLagOverTheTopicsPartitions() {
        lag(GLOBAL, "risk_accounts_accepted_v1", 0, 1_200);
        lag(GLOBAL, "risk_accounts_accepted_v1", 1, 34);

        assertThat(ReferenceLag.of(metrics, PROFILES)).isEqualTo(1_234.0);
    }

    @Test
    void shouldBeZeroWhenCaughtUpAndUnknownBeforeTheFirstFetch() {
        assertThat(ReferenceLag.of(metrics, PROFILES)).isNaN();

        lag(GLOBAL, "risk_accounts_accepted_v1", 0, 0);

        assertThat(ReferenceLag.of(metrics, PROFILES)).isZero();
    }

    @Test
    void shouldCountNeitherStreamConsumersNorOtherTopicsNorTopicLevelLag() {
        lag("app-1-0d5c-StreamThread-1-consumer", "risk_accounts_accepted_v1", 0, 500);
        lag(GLOBAL, "risk_restrictions_v1", 0, 7);
        metrics.put(new MetricName(ReferenceLag.RECORDS_LAG, ReferenceLag.FETCH_GROUP, "",
                Map.of("client-id", GLOBAL, "topic", "risk_accounts_accepted_v1")), metric(99));

        assertThat(ReferenceLag.of(metrics, PROFILES)).isNaN();
        assertThat(ReferenceLag.of(metrics, "risk.restrictions.v1")).isEqualTo(7.0);
    }

    @Test
    void shouldSkipAPartitionWhoseLagIsNotKnownYet() {
        lag(GLOBAL, "risk_accounts_accepted_v1", 0, 3);
        metrics.put(name(GLOBAL, "risk_accounts_accepted_v1", 1), metric(Double.NaN));

        assertThat(ReferenceLag.of(metrics, PROFILES)).isEqualTo(3.0);
    }

    private void lag(final String clientId, final String topicTag, final int partition, final double value) {
        metrics.put(name(clientId, topicTag, partition), metric(value));
    }

    private static MetricName name(final String clientId, final String topicTag, final int partition) {
        return new MetricName(ReferenceLag.RECORDS_LAG, ReferenceLag.FETCH_GROUP, "",
                Map.of("client-id", clientId, "topic", topicTag, "partition", Integer.toString(partition)));
    }

    private static Metric metric(final double value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return null;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
    }
}
