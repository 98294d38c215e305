package io.stoppay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GaugeRowsTest {

    private static final Tags ACCOUNTS = Tags.of("subject_type", "ACCOUNT");
    private static final Tags PHONES = Tags.of("subject_type", "PHONE");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GaugeRows rows = new GaugeRows(MultiGauge.builder("stoppay.test.subjects").register(registry));

    /** The gauge of a row that stays is the same meter: never removed and added again under a scrape. */
    @Test
    void shouldUpdateARowThatStaysInPlace() {
        rows.show(Map.of(ACCOUNTS, 3L));
        final Gauge before = registry.get("stoppay.test.subjects").tags(ACCOUNTS).gauge();

        rows.show(Map.of(ACCOUNTS, 5L));

        final Gauge after = registry.get("stoppay.test.subjects").tags(ACCOUNTS).gauge();
        assertThat(after).isSameAs(before);
        assertThat(after.value()).isEqualTo(5.0);
        assertThat(registry.scrape()).contains("stoppay_test_subjects{subject_type=\"ACCOUNT\"} 5.0");
    }

    @Test
    void shouldAddARowThatAppearsAndRemoveOneThatIsGone() {
        rows.show(Map.of(ACCOUNTS, 3L));

        rows.show(Map.of(PHONES, 2L));

        assertThat(registry.find("stoppay.test.subjects").tags(ACCOUNTS).gauge()).isNull();
        assertThat(registry.get("stoppay.test.subjects").tags(PHONES).gauge().value()).isEqualTo(2.0);

        rows.show(Map.of(ACCOUNTS, 7L, PHONES, 2L));

        assertThat(registry.get("stoppay.test.subjects").tags(ACCOUNTS).gauge().value()).isEqualTo(7.0);
        assertThat(registry.find("stoppay.test.subjects").gauges()).hasSize(2);
    }
}
