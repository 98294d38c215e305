package io.stoppay.behaviour;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * When an account last took part in a payment, and when its money last moved, in epoch millis.
 *
 * <p>The two differ after an attempt whose money StopPay does not know to have moved: a payment
 * held, stopped or stepped up (a step-up's outcome never comes back), or one flagged as the
 * reactivation of a dormant account. The first bounds the flow scans ({@link AccountHistory}: every flow kept moves
 * it on); the second is what dormancy asks, so that a fraudster's retry after a refused step-up is
 * flagged again rather than taken for an active account (design note 31).
 *
 * @param anyMs   the latest payment of the account, attempts included
 * @param movedMs the latest payment that moved its money; {@link #NEVER} when none did
 */
public record LastActivity(long anyMs, long movedMs) {

    /** {@link #movedMs} of an account whose every payment so far was an attempt. */
    public static final long NEVER = Long.MIN_VALUE;

    /** An account first seen at {@code timeMs}. */
    static LastActivity first(final long timeMs, final boolean movedMoney) {
        return new LastActivity(timeMs, movedMoney ? timeMs : NEVER);
    }

    /** This account after a payment at {@code timeMs}, which came in any order. */
    LastActivity after(final long timeMs, final boolean movedMoney) {
        return new LastActivity(Math.max(anyMs, timeMs), movedMoney ? Math.max(movedMs, timeMs) : movedMs);
    }

    public Instant activeAt() {
        return Instant.ofEpochMilli(anyMs);
    }

    /** Empty when no payment of the account moved money yet. */
    public Optional<Instant> movedMoneyAt() {
        return movedMs == NEVER ? Optional.empty() : Optional.of(Instant.ofEpochMilli(movedMs));
    }

    /**
     * The store's value: 8 bytes (one long) when both times are equal, as every value written
     * before the second time existed is, and as nearly every value is; 16 bytes otherwise. So a
     * store of an earlier version reads on unchanged, and most values cost what they did.
     */
    public static Serde<LastActivity> serde() {
        return Serdes.serdeFrom(SERIALIZER, DESERIALIZER);
    }

    private static final Serializer<LastActivity> SERIALIZER = (topic, value) -> {
        if (value == null) {
            return null;
        }
        final ByteBuffer bytes = ByteBuffer.allocate(value.anyMs == value.movedMs ? Long.BYTES : 2 * Long.BYTES)
                .putLong(value.anyMs);
        return value.anyMs == value.movedMs ? bytes.array() : bytes.putLong(value.movedMs).array();
    };

    private static final Deserializer<LastActivity> DESERIALIZER = (topic, bytes) -> {
        if (bytes == null) {
            return null;
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return switch (bytes.length) {
            case Long.BYTES -> {
                final long time = buffer.getLong();
                yield new LastActivity(time, time);
            }
            case 2 * Long.BYTES -> new LastActivity(buffer.getLong(), buffer.getLong());
            default -> throw new SerializationException("a last activity is 8 or 16 bytes, not " + bytes.length);
        };
    };
}
