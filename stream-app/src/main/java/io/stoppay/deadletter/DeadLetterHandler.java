package io.stoppay.deadletter;

import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.validation.InvalidRecordException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stoppay.v1.DeadLetter;

/**
 * Kafka Streams' deserialization and processing exception handler for StopPay: the record that
 * failed is written, whole, to the dead-letter topic as a {@link DeadLetter} (raw key and value
 * bytes, source topic/partition/offset, a reason code and a readable error), and processing
 * resumes with the next record. The dead-letter record goes out through the task's own producer
 * (KIP-1034), so under exactly-once it commits atomically with the input offset: nothing is lost
 * and nothing is written twice.
 *
 * <p>The dead-letter topic is Kafka Streams' {@code errors.dead.letter.queue.topic.name}. The log
 * line names where the record came from and why, never its content (it may hold personal data).
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    private static final AvroSerde<DeadLetter> SERDE = AvroSerde.of(DeadLetter.class);

    private String topic;
    private InterceptionMetrics metrics;

    /**
     * Reads the dead-letter topic name, and the instance's {@link InterceptionMetrics} (an object
     * the instance puts into its Kafka Streams properties; absent, the count goes nowhere).
     */
    @Override
    public void configure(final Map<String, ?> configs) {
        this.metrics = configs.get(InterceptionMetrics.STREAMS_PROPERTY) instanceof InterceptionMetrics given
                ? given : InterceptionMetrics.discarding();
        final Object name = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (name == null || name.toString().isBlank()) {
            throw new IllegalStateException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " is not set");
        }
        this.topic = name.toString();
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(final ErrorHandlerContext context,
                                                                final ConsumerRecord<byte[], byte[]> record,
                                                                final Exception exception) {
        return DeserializationExceptionHandler.Response.resume(
                deadLetter(context, record.key(), record.value(), "UNDECODABLE", exception));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(final ErrorHandlerContext context,
                                                           final Record<?, ?> record,
                                                           final Exception exception) {
        final String reason = exception instanceof InvalidRecordException invalid ? invalid.reason() : "PROCESSING_ERROR";
        return ProcessingExceptionHandler.Response.resume(
                deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), reason, exception));
    }

    /**
     * The global thread has no producer, and Kafka Streams 4.3 fails with a ClassCastException when
     * a handler hands it dead-letter records there. StopPay's global stores only read topics it
     * wrote itself after validation, so this is a last line of defence: log, and skip.
     */
    private static boolean isGlobalThread(final ErrorHandlerContext context) {
        return context.taskId() == null || context.taskId().subtopology() < 0;
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(final ErrorHandlerContext context, final byte[] key,
                                                            final byte[] value, final String reason,
                                                            final Exception exception) {
        final String error = describe(exception);
        if (isGlobalThread(context)) {
            LOG.atError().setMessage("unreadable record in a global store's topic skipped")
                    .addKeyValue("topic", context.topic()).addKeyValue("partition", context.partition())
                    .addKeyValue("offset", context.offset()).addKeyValue("error", error).log();
            return List.of();
        }
        LOG.atWarn().setMessage("record sent to the dead-letter topic")
                .addKeyValue("reason", reason)
                .addKeyValue("topic", context.topic())
                .addKeyValue("partition", context.partition())
                .addKeyValue("offset", context.offset())
                .addKeyValue("processor", context.processorNodeId())
                .log();
        metrics.deadLettered(reason);
        final DeadLetter letter = DeadLetter.newBuilder()
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setSourceTopic(context.topic())
                .setSourcePartition(context.partition())
                .setSourceOffset(context.offset())
                .setReason(reason)
                .setError(error)
                .setFailedAt(Instant.now())
                .build();
        final Long timestamp = context.timestamp() >= 0 ? context.timestamp() : null;
        return List.of(new ProducerRecord<>(topic, null, timestamp, key, SERDE.encode(letter)));
    }

    private static String describe(final Exception exception) {
        if (exception instanceof InvalidRecordException) {
            return exception.getMessage();
        }
        final StringBuilder text = new StringBuilder(exception.getClass().getSimpleName());
        if (exception.getMessage() != null) {
            text.append(": ").append(exception.getMessage());
        }
        if (exception.getCause() != null && exception.getCause() != exception) {
            text.append(" (caused by ").append(exception.getCause().getClass().getSimpleName()).append(": ")
                    .append(exception.getCause().getMessage()).append(')');
        }
        return text.toString();
    }
}
