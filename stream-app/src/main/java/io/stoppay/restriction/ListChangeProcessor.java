package io.stoppay.restriction;

import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.validation.InvalidRecordException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskListEntry;

/**
 * Applies list entries (and their releases, as tombstones) to the restriction graph and
 * forwards every subject whose status changed. Also releases expired entries on a wall-clock
 * schedule, because expiry must happen even when no list record arrives.
 *
 * <p>Input: validated {@code risk.lists.v1} records keyed {@code TYPE:id} or {@code TYPE:id|source}
 * ({@link ListingKey}). A tombstone that would lift nothing because the listing stands under
 * another spelling of its key is a dead letter ({@code RELEASE_KEY_NOT_LISTED}): the feeder
 * believes the subject released, and it is not. Output: restriction
 * status changes ({@link GraphChange}) keyed {@code TYPE:id}, a {@code null} value meaning no
 * longer restricted.
 */
public final class ListChangeProcessor implements Processor<String, RiskListEntry, String, GraphChange> {

    private final RestrictionGraph.Limits limits;
    private final Duration expiryCheckInterval;
    private final Runnable applied;
    private ProcessorContext<String, GraphChange> context;
    private RestrictionGraph graph;
    private Cancellable hubCheck;

    /** @param applied told of each record applied ({@link GraphPace} paces the graph by them) */
    public ListChangeProcessor(final RestrictionGraph.Limits limits, final Duration expiryCheckInterval,
                               final Runnable applied) {
        this.limits = limits;
        this.expiryCheckInterval = expiryCheckInterval;
        this.applied = applied;
    }

    @Override
    public void init(final ProcessorContext<String, GraphChange> context) {
        this.context = context;
        this.graph = RestrictionGraph.in(context, limits);
        context.schedule(expiryCheckInterval, PunctuationType.WALL_CLOCK_TIME,
                now -> forward(graph.releaseExpired(now), now));
        // Once per start, at the first loop: stoppay.restriction.max.degree may have changed since.
        hubCheck = context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, now -> {
            hubCheck.cancel();
            forward(graph.reconcileHubs(now), now);
        });
    }

    @Override
    public void process(final Record<String, RiskListEntry> record) {
        final long now = context.currentSystemTimeMs();
        // Validated: it parses, canonically. A release is the reading something stands under (an id may hold a bar).
        final ListingKey listing = record.value() == null
                ? graph.standingReading(ListingKey.readings(record.key())).orElseGet(() -> ListingKey.parse(record.key()).orElseThrow())
                : ListingKey.parse(record.key(), SubjectKey.forLookup(record.value().getSubjectType(),
                        record.value().getSubjectId()), record.value().getSource()).orElseThrow();
        if (record.value() == null && graph.listedUnderAnotherSpelling(listing)) {
            throw new InvalidRecordException("RELEASE_KEY_NOT_LISTED", "nothing is listed under this key; the same "
                    + "listing stands under its key written another way, and only a tombstone under that key releases it");
        }
        if (record.value() == null) {
            forward(graph.release(listing, now), record.timestamp());
        } else {
            // A key is one listing. An entry that reads it as another subject (DEVICE:dev|T as source T's
            // listing of dev, then as a v1 listing of the device dev|T) replaces the one that stood under it.
            for (final ListingKey replaced : ListingKey.readings(record.key())) {
                if (!replaced.equals(listing) && graph.standingReading(List.of(replaced)).isPresent()) {
                    forward(graph.release(replaced, now), record.timestamp());
                }
            }
            forward(graph.list(listing, RiskListEntry.newBuilder(record.value())
                    .setSubjectId(listing.canonicalSubject().id())
                    .setSource(CanonicalIdentifiers.trimBlanks(record.value().getSource())).build(), now),
                    record.timestamp());
        }
        applied.run();
    }

    private void forward(final List<KeyValue<String, RestrictionStatus>> changes, final long timestamp) {
        changes.forEach(change -> context.forward(new Record<>(change.key,
                new GraphChange(GraphChange.Kind.RESTRICTION, change.value), timestamp)));
    }
}
