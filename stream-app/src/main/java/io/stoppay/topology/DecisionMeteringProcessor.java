package io.stoppay.topology;

import io.stoppay.metrics.AppendTime;
import io.stoppay.metrics.InterceptionMetrics;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Records each decision in the metrics on its way to publication: the action, the rule hits,
 * stop-payments and warnings by region, and the latency from the payment's append to the input
 * topic, which only the record's {@link AppendTime} header still knows. Passes the record on
 * unchanged.
 */
final class DecisionMeteringProcessor implements FixedKeyProcessor<String, Interception, Interception> {

    private final InterceptionMetrics metrics;
    private FixedKeyProcessorContext<String, Interception> context;

    DecisionMeteringProcessor(final InterceptionMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Interception> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<String, Interception> record) {
        metrics.decided(record.value(), AppendTime.of(record.headers()));
        context.forward(record);
    }
}
