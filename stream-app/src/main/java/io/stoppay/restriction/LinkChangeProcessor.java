package io.stoppay.restriction;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import stoppay.v1.Linkage;
import stoppay.v1.RestrictionStatus;

/**
 * Applies linkages (and unlinks, as tombstones) to the restriction graph and forwards every
 * subject whose status changed.
 *
 * <p>Input: validated {@code risk.linkages.v1} records keyed {@code aType:aId|bType:bId}.
 * Output: restriction status changes keyed {@code TYPE:id}, {@code null} meaning lifted.
 */
public final class LinkChangeProcessor implements Processor<String, Linkage, String, RestrictionStatus> {

    private final int maxHops;
    private ProcessorContext<String, RestrictionStatus> context;
    private RestrictionGraph graph;

    public LinkChangeProcessor(final int maxHops) {
        this.maxHops = maxHops;
    }

    @Override
    public void init(final ProcessorContext<String, RestrictionStatus> context) {
        this.context = context;
        this.graph = RestrictionGraph.in(context, maxHops);
    }

    @Override
    public void process(final Record<String, Linkage> record) {
        final long now = context.currentSystemTimeMs();
        final LinkKey link = LinkKey.parse(record.key()).orElseThrow();
        final List<KeyValue<String, RestrictionStatus>> changes = record.value() == null
                ? graph.unlink(link.a(), link.b(), now)
                : graph.link(link.a(), link.b(), record.value().getKind(), now);
        changes.forEach(change -> context.forward(new Record<>(change.key, change.value, record.timestamp())));
    }
}
