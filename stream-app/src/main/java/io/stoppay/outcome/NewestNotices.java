package io.stoppay.outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import stoppay.internal.v1.NoticeKind;
import stoppay.internal.v1.OutcomeLoopEntry;

/**
 * The newest alerts or warnings of one task's outcome loop, for people (the console). They are read
 * newest first through the expiry keys of the deadline index ({@link Deadline}), which are ordered by
 * when each entry was created, so the newest N cost about N reads (plus those skipped) instead of a
 * scan of the month the loop keeps.
 */
public final class NewestNotices {

    private NewestNotices() {
    }

    /**
     * @param entries  newest first, each with its notice
     * @param complete false when {@code maxRead} index keys were read before {@code limit} entries
     *                 were found: older ones may match too
     */
    public record Found(List<OutcomeLoopEntry> entries, boolean complete) {
    }

    /**
     * @param deadlinesNewestFirst the task's {@value OutcomeLoopProcessor#DEADLINES}, largest key first
     * @param entries              the task's {@value OutcomeLoopProcessor#STORE} by key
     * @param kind                 alerts or warnings
     * @param wanted               which entries to keep
     * @param limit                at most this many
     * @param maxRead              at most this many index keys read
     */
    public static Found of(final KeyValueIterator<String, String> deadlinesNewestFirst,
                           final Function<String, OutcomeLoopEntry> entries, final NoticeKind kind,
                           final Predicate<OutcomeLoopEntry> wanted, final int limit, final int maxRead) {
        final String prefix = kind == NoticeKind.STOP_PAYMENT_ALERT ? IssuedNotices.ALERT_PREFIX
                : IssuedNotices.WARNING_PREFIX;
        final List<OutcomeLoopEntry> found = new ArrayList<>();
        int read = 0;
        while (found.size() < limit && deadlinesNewestFirst.hasNext()) {
            if (read++ == maxRead) {
                return new Found(found, false);
            }
            final Deadline deadline = Deadline.parse(deadlinesNewestFirst.next().key);
            if (!deadline.type().equals(Deadline.EXPIRE) || !deadline.noticeKey().startsWith(prefix)) {
                continue;
            }
            final OutcomeLoopEntry entry = entries.apply(deadline.noticeKey());
            // An outcome that came before its notice has nothing to show yet.
            if (entry != null && entry.getIssued() != null && wanted.test(entry)) {
                found.add(entry);
            }
        }
        return new Found(found, true);
    }
}
