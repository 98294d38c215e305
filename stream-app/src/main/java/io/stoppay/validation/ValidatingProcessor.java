package io.stoppay.validation;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Passes on the records that satisfy a {@link RecordCheck} and whose texts are of a sane length
 * ({@link FieldLengths}). A record that fails it raises an
 * {@link InvalidRecordException}, which the processing exception handler turns into a
 * dead-letter record: the check never drops anything silently.
 */
public final class ValidatingProcessor<V> implements FixedKeyProcessor<String, V, V> {

    private final RecordCheck<V> check;
    private FixedKeyProcessorContext<String, V> context;

    public ValidatingProcessor(final RecordCheck<V> check) {
        this.check = check;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, V> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<String, V> record) {
        FieldLengths.check(record.key(), record.value());
        check.check(record.key(), record.value(), record.timestamp());
        context.forward(record);
    }
}
