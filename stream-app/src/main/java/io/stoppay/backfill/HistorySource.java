package io.stoppay.backfill;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where past payments come from, in the order they are read: a JSON Lines file
 * ({@link JsonLinesFile}) or a Kafka topic ({@link HistoryTopic}). A record that cannot be read is
 * an entry too, with its position, so that the run goes on past it.
 */
public interface HistorySource extends AutoCloseable {

    /**
     * The next record, or empty at the end.
     *
     * @throws java.io.UncheckedIOException when the source itself fails (a disk error, not a bad record)
     */
    Optional<HistoryEntry> next();

    /** How much of the source has been read, 0 to 1, when its size is known. */
    OptionalDouble fractionRead();

    /** What {@link #fractionRead()} is a fraction of: {@code "of the file"}, {@code "of the offsets"}. */
    String measure();

    @Override
    void close();
}
