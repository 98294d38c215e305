package io.stoppay.metrics;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * When a payment was appended to the input topic, carried beside it as a record header.
 *
 * <p>Kafka Streams replaces a record's timestamp with the extracted event time and keeps no other
 * trace of the input record's Kafka timestamp, so the timestamp extractor stamps it into a header,
 * which Kafka Streams carries through the repartition to the decision (and on to the output
 * topics). It is the Kafka timestamp: the broker's append time when the payments topic uses
 * {@code LogAppendTime}, else the producer's create time.
 */
public final class AppendTime {

    /** Header name; the value is the time in epoch milliseconds as an 8-byte big-endian long. */
    public static final String HEADER = "stoppay.appended-at";

    private AppendTime() {
    }

    /** Sets the header, replacing one a producer may have sent under the same name. */
    public static void stamp(final Headers headers, final long appendedAtMs) {
        headers.remove(HEADER);
        headers.add(HEADER, ByteBuffer.allocate(Long.BYTES).putLong(appendedAtMs).array());
    }

    /** The stamped time, if the record carries a well-formed header. */
    public static OptionalLong of(final Headers headers) {
        final Header header = headers.lastHeader(HEADER);
        if (header == null || header.value() == null || header.value().length != Long.BYTES) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ByteBuffer.wrap(header.value()).getLong());
    }
}
