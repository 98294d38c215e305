package io.stoppay.console;

import io.stoppay.outcome.NewestNotices;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import stoppay.internal.v1.NoticeKind;
import stoppay.internal.v1.OutcomeLoopEntry;

/**
 * The outcome loop's state ({@code outcome-loop}) as this instance holds it, and where the rest is.
 * Every method throws {@link InvalidStateStoreException} while the instance cannot answer (not
 * running, rebalancing).
 */
interface LoopState {

    /** This instance. */
    HostInfo self();

    /**
     * The newest entries of {@code kind} that {@code wanted} keeps, in this instance's active
     * partitions: at most {@code limit} per partition, in no particular order across partitions.
     */
    NewestNotices.Found newestHere(NoticeKind kind, Predicate<OutcomeLoopEntry> wanted, int limit);

    /** The instance that owns {@code key} now; empty while none does (a rebalance). */
    Optional<HostInfo> owner(String key);

    /** The entry under {@code key}, which this instance owns. */
    Optional<OutcomeLoopEntry> get(String key);

    /** The other instances that hold part of the loop's state. */
    List<HostInfo> others();
}
