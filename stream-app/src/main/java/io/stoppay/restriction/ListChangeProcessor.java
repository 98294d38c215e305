package io.stoppay.restriction;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
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
 * <p>Input: validated {@code risk.lists.v1} records keyed {@code TYPE:id}. Output: restriction
 * status changes ({@link GraphChange}) keyed {@code TYPE:id}, a {@code null} value meaning no
 * longer restricted.
 */
public final class ListChangeProcessor implements Processor<String, RiskListEntry, String, GraphChange> {

    private final RestrictionGraph.Limits limits;
    private final Duration expiryCheckInterval;
    private ProcessorContext<String, GraphChange> context;
    private RestrictionGraph graph;

    public ListChangeProcessor(final RestrictionGraph.Limits limits, final Duration expiryCheckInterval) {
        this.limits = limits;
        this.expiryCheckInterval = expiryCheckInterval;
    }

    @Override
    public void init(final ProcessorContext<String, GraphChange> context) {
        this.context = context;
        this.graph = RestrictionGraph.in(context, limits);
        context.schedule(expiryCheckInterval, PunctuationType.WALL_CLOCK_TIME,
                now -> forward(graph.releaseExpired(now), now));
    }

    @Override
    public void process(final Record<String, RiskListEntry> record) {
        final long now = context.currentSystemTimeMs();
        final SubjectKey subject = SubjectKey.parse(record.key()).orElseThrow().canonical(); // validated: it has one
        final List<KeyValue<String, RestrictionStatus>> changes = record.value() == null
                ? graph.release(subject, now)
                : graph.list(subject, RiskListEntry.newBuilder(record.value()).setSubjectId(subject.id()).build(), now);
        forward(changes, record.timestamp());
    }

    private void forward(final List<KeyValue<String, RestrictionStatus>> changes, final long timestamp) {
        changes.forEach(change -> context.forward(new Record<>(change.key,
                new GraphChange(GraphChange.Kind.RESTRICTION, change.value), timestamp)));
    }
}
