package io.stoppay.restriction;

import io.stoppay.validation.InvalidRecordException;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import stoppay.v1.Linkage;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.SubjectType;
import stoppay.v1.SubjectUsage;

/**
 * Applies linkages (and unlinks, as tombstones) to the restriction graph and forwards every
 * subject whose status changed; and, for a holder (ID_NUMBER) whose links changed, how many
 * accounts and cards it now holds, once that reaches {@code minAccounts} (一人多卡), or a
 * tombstone when it falls below again.
 *
 * <p>Input: validated {@code risk.linkages.v1} records keyed {@code aType:aId|bType:bId}. A link
 * stands while any key naming it does; a tombstone under which nothing is linked while the same
 * link stands under another spelling of its key is a dead letter ({@code UNLINK_KEY_NOT_LINKED}),
 * as for lists (design note 14).
 * Output: {@link GraphChange}s keyed {@code TYPE:id}.
 */
public final class LinkChangeProcessor implements Processor<String, Linkage, String, GraphChange> {

    private final RestrictionGraph.Limits limits;
    private final int minAccounts;
    private final Runnable applied;
    private ProcessorContext<String, GraphChange> context;
    private RestrictionGraph graph;

    /** @param applied told of each record applied ({@link GraphPace} paces the graph by them) */
    public LinkChangeProcessor(final RestrictionGraph.Limits limits, final int minAccounts, final Runnable applied) {
        this.limits = limits;
        this.minAccounts = minAccounts;
        this.applied = applied;
    }

    @Override
    public void init(final ProcessorContext<String, GraphChange> context) {
        this.context = context;
        this.graph = RestrictionGraph.in(context, limits);
    }

    @Override
    public void process(final Record<String, Linkage> record) {
        final long now = context.currentSystemTimeMs();
        final LinkKey link = LinkKey.parse(record.key()).orElseThrow().canonical(); // validated: both sides have one
        final boolean unlinked = record.value() == null;
        if (unlinked && graph.linkedUnderAnotherSpelling(link, record.key())) {
            throw new InvalidRecordException("UNLINK_KEY_NOT_LINKED", "nothing is linked under this key; the same "
                    + "link stands under its key written another way (or in the other order), and only a tombstone "
                    + "under that key removes it");
        }
        final List<KeyValue<String, RestrictionStatus>> changes = unlinked
                ? graph.unlink(link, record.key(), now)
                : graph.link(link, record.key(), record.value().getKind(), now);
        changes.forEach(change -> context.forward(new Record<>(change.key,
                new GraphChange(GraphChange.Kind.RESTRICTION, change.value), record.timestamp())));
        for (final SubjectKey side : List.of(link.a(), link.b())) {
            if (side.type() == SubjectType.ID_NUMBER) {
                forwardUsage(side, unlinked, now, record.timestamp());
            }
        }
        applied.run();
    }

    private void forwardUsage(final SubjectKey holder, final boolean unlinked, final long now, final long timestamp) {
        final int accounts = graph.linkedAccounts(holder);
        if (accounts >= minAccounts || unlinked && accounts == minAccounts - 1) {
            final SubjectUsage usage = accounts >= minAccounts
                    ? new SubjectUsage(holder.type(), holder.id(), accounts, Instant.ofEpochMilli(now)) : null;
            context.forward(new Record<>(holder.toString(), new GraphChange(GraphChange.Kind.USAGE, usage), timestamp));
        }
    }
}
