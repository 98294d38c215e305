package io.stoppay.validation;

/**
 * A validity check of one input record.
 *
 * @param <V> the decoded value type; {@code null} is a tombstone
 */
@FunctionalInterface
public interface RecordCheck<V> {

    /**
     * @param timestamp the record's timestamp as the topology sees it
     * @throws InvalidRecordException when the record must not be accepted
     */
    void check(String key, V value, long timestamp);
}
