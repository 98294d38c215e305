package io.stoppay.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro record using Avro's standard single-object encoding
 * ({@code C3 01}, the writer schema's CRC-64-AVRO fingerprint, then the binary body), so that any
 * Avro library can read our topics without a schema registry.
 *
 * <p>Reading resolves the writer schema by fingerprint against every released version
 * ({@link ReleasedSchemas}); an unknown fingerprint or a corrupt body is a
 * {@link SerializationException}, which Kafka Streams hands to the deserialization exception
 * handler (and so to the dead-letter topic). A {@code null} value (a tombstone) maps to
 * {@code null} both ways.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    /** Building one resolves every released schema of the type: far too slow to do per record. */
    private static final ClassValue<AvroSerde<?>> SERDES = new ClassValue<>() {
        @Override
        protected AvroSerde<?> computeValue(final Class<?> type) {
            return new AvroSerde<>(type.asSubclass(SpecificRecord.class));
        }
    };

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(final Class<T> type) {
        this.type = type;
        final SpecificData model = SpecificData.getForClass(type);
        final Schema schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, ReleasedSchemas.storeFor(schema));
    }

    /** The serde of {@code type}: one per class, shared, since it is thread-safe and costly to build. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> AvroSerde<T> of(final Class<T> type) {
        return (AvroSerde<T>) SERDES.get(type);
    }

    /** Encodes a record; {@code null} stays {@code null}. */
    public byte[] encode(final T record) {
        if (record == null) {
            return null;
        }
        try {
            final ByteBuffer buffer = encoder.encode(record);
            final byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a record; {@code null} stays {@code null}. */
    public T decode(final byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return decoder.decode(bytes);
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> encode(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }
}
