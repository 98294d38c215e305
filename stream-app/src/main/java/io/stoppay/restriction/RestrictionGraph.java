package io.stoppay.restriction;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import stoppay.v1.LinkHop;
import stoppay.v1.LinkKind;
import stoppay.v1.Restriction;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * "一处涉诈、两卡受限" kept incrementally: which subjects are restricted (or protected) because a
 * listed subject lies within {@code maxHops} links of them, each with the shortest path to it.
 *
 * <p>A subject's status depends only on the graph within {@code maxHops} of it. So a change to
 * subject X's list entry can only change the subjects within {@code maxHops} of X, and a change
 * to the link A–B only those within {@code maxHops - 1} of A or B (measured with the link in
 * place). Those subjects are recomputed by a breadth-first walk and only real changes are
 * returned, to be published. Releasing an entry or removing a link therefore lifts exactly the
 * restrictions that depended on it, and nothing else.
 *
 * <p>All state is in RocksDB stores (see {@link RestrictionStores}); nothing is kept on the heap
 * between records. Not thread-safe: one instance per graph task.
 */
public final class RestrictionGraph {

    private static final char SEPARATOR = '\0';
    private static final Serializer<String> PREFIX_SERIALIZER = Serdes.String().serializer();
    private static final Comparator<Restriction> STRONGEST_FIRST = Comparator
            .comparingInt(Restriction::getHops)
            .thenComparing(Comparator.comparingInt(Restriction::getRiskLevel).reversed())
            .thenComparing(r -> new SubjectKey(r.getListedType(), r.getListedId()));

    private final KeyValueStore<String, RiskListEntry> listed;
    private final KeyValueStore<String, String> links;
    private final KeyValueStore<String, String> expiries;
    private final KeyValueStore<String, RestrictionStatus> statuses;
    private final int maxHops;

    public RestrictionGraph(final KeyValueStore<String, RiskListEntry> listed,
                            final KeyValueStore<String, String> links,
                            final KeyValueStore<String, String> expiries,
                            final KeyValueStore<String, RestrictionStatus> statuses,
                            final int maxHops) {
        this.listed = listed;
        this.links = links;
        this.expiries = expiries;
        this.statuses = statuses;
        this.maxHops = maxHops;
    }

    /** The graph over the stores a processor was connected to. */
    public static RestrictionGraph in(final ProcessingContext context, final int maxHops) {
        return new RestrictionGraph(context.getStateStore(RestrictionStores.LISTED),
                context.getStateStore(RestrictionStores.LINKS),
                context.getStateStore(RestrictionStores.EXPIRIES),
                context.getStateStore(RestrictionStores.STATUSES),
                maxHops);
    }

    /** Lists (or re-lists) a subject. An entry that has already expired is a release. */
    public List<KeyValue<String, RestrictionStatus>> list(final SubjectKey subject, final RiskListEntry entry,
                                                          final long now) {
        if (isExpired(entry, now)) {
            return release(subject, now);
        }
        forgetExpiry(subject);
        listed.put(subject.toString(), entry);
        if (entry.getExpiresAt() != null) {
            expiries.put(expiryKey(entry.getExpiresAt().toEpochMilli(), subject), "");
        }
        return recompute(within(subject, maxHops).keySet(), now);
    }

    /** Releases a subject (an appeal upheld, or its entry expired). */
    public List<KeyValue<String, RestrictionStatus>> release(final SubjectKey subject, final long now) {
        forgetExpiry(subject);
        if (listed.delete(subject.toString()) == null) {
            return List.of();
        }
        return recompute(within(subject, maxHops).keySet(), now);
    }

    /** Adds (or re-kinds) the link a–b. */
    public List<KeyValue<String, RestrictionStatus>> link(final SubjectKey a, final SubjectKey b, final LinkKind kind,
                                                          final long now) {
        links.put(edgeKey(a, b), kind.name());
        links.put(edgeKey(b, a), kind.name());
        return recompute(touchedByLink(a, b), now);
    }

    /** Removes the link a–b. */
    public List<KeyValue<String, RestrictionStatus>> unlink(final SubjectKey a, final SubjectKey b, final long now) {
        if (links.get(edgeKey(a, b)) == null) {
            return List.of();
        }
        final TreeSet<SubjectKey> touched = touchedByLink(a, b);
        links.delete(edgeKey(a, b));
        links.delete(edgeKey(b, a));
        return recompute(touched, now);
    }

    /** Releases every entry whose {@code expiresAt} is not after {@code now}. */
    public List<KeyValue<String, RestrictionStatus>> releaseExpired(final long now) {
        final List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = expiries.range(expiryKey(0, null), expiryKey(now, null) + '\uffff')) {
            it.forEachRemaining(kv -> due.add(kv.key));
        }
        final List<KeyValue<String, RestrictionStatus>> changes = new ArrayList<>();
        for (final String key : due) {
            expiries.delete(key);
            final Optional<SubjectKey> subject = SubjectKey.parse(key.substring(key.indexOf(SEPARATOR) + 1));
            subject.filter(s -> isExpired(listed.get(s.toString()), now))
                    .ifPresent(s -> changes.addAll(release(s, now)));
        }
        return changes;
    }

    /**
     * Moves every listing and link stored under an id that is not in its canonical form (stored
     * before canonical forms existed: {@code PHONE:13912345678}, a card with spaces) to the
     * canonical form, and returns the status changes: tombstones for the old keys, statuses
     * under the new ones. Ids without a canonical form stay as they are, and still match payments
     * that write them the same way ({@link SubjectKey#forLookup}). Idempotent; a scan of both
     * stores, so it runs once per start of the graph task.
     */
    public List<KeyValue<String, RestrictionStatus>> migrateToCanonicalForms(final long now) {
        final List<KeyValue<String, RiskListEntry>> legacyListings = new ArrayList<>();
        try (KeyValueIterator<String, RiskListEntry> it = listed.all()) {
            it.forEachRemaining(kv -> SubjectKey.parse(kv.key).filter(RestrictionGraph::hasOtherCanonicalForm)
                    .ifPresent(subject -> legacyListings.add(kv)));
        }
        final List<KeyValue<String, String>> legacyLinks = new ArrayList<>();
        try (KeyValueIterator<String, String> it = links.all()) {
            it.forEachRemaining(kv -> {
                final int separator = kv.key.indexOf(SEPARATOR);
                final Optional<SubjectKey> from = SubjectKey.parse(kv.key.substring(0, separator));
                final Optional<SubjectKey> to = SubjectKey.parse(kv.key.substring(separator + 1));
                if (from.isPresent() && to.isPresent()
                        && (hasOtherCanonicalForm(from.get()) || hasOtherCanonicalForm(to.get()))) {
                    legacyLinks.add(kv);
                }
            });
        }
        final List<KeyValue<String, RestrictionStatus>> changes = new ArrayList<>();
        for (final KeyValue<String, String> edge : legacyLinks) {
            final int separator = edge.key.indexOf(SEPARATOR);
            final SubjectKey from = SubjectKey.parse(edge.key.substring(0, separator)).orElseThrow();
            final SubjectKey to = SubjectKey.parse(edge.key.substring(separator + 1)).orElseThrow();
            if (links.get(edge.key) == null) {
                continue; // the other direction of a link already moved
            }
            changes.addAll(unlink(from, to, now));
            final SubjectKey canonicalFrom = SubjectKey.forLookup(from.type(), from.id());
            final SubjectKey canonicalTo = SubjectKey.forLookup(to.type(), to.id());
            if (!canonicalFrom.equals(canonicalTo)) {
                changes.addAll(link(canonicalFrom, canonicalTo, LinkKind.valueOf(edge.value), now));
            }
        }
        for (final KeyValue<String, RiskListEntry> listing : legacyListings) {
            final SubjectKey old = SubjectKey.parse(listing.key).orElseThrow();
            final SubjectKey canonical = old.canonical();
            changes.addAll(release(old, now));
            if (listed.get(canonical.toString()) == null) {
                changes.addAll(list(canonical,
                        RiskListEntry.newBuilder(listing.value).setSubjectId(canonical.id()).build(), now));
            }
        }
        return lastChangePerSubject(changes);
    }

    /** How many accounts and cards are linked to a subject directly (一人多卡 for a holder). */
    public int linkedAccounts(final SubjectKey subject) {
        final String prefix = subject.toString() + SEPARATOR;
        int count = 0;
        try (KeyValueIterator<String, String> neighbours = links.prefixScan(prefix, PREFIX_SERIALIZER)) {
            while (neighbours.hasNext()) {
                final String neighbour = neighbours.next().key.substring(prefix.length());
                if (neighbour.startsWith(SubjectType.ACCOUNT.name() + ':') || neighbour.startsWith(SubjectType.CARD.name() + ':')) {
                    count++;
                }
            }
        }
        return count;
    }

    private TreeSet<SubjectKey> touchedByLink(final SubjectKey a, final SubjectKey b) {
        final TreeSet<SubjectKey> touched = new TreeSet<>();
        if (maxHops > 0) {
            touched.addAll(within(a, maxHops - 1).keySet());
            touched.addAll(within(b, maxHops - 1).keySet());
        }
        return touched;
    }

    private List<KeyValue<String, RestrictionStatus>> recompute(final Iterable<SubjectKey> subjects, final long now) {
        final List<KeyValue<String, RestrictionStatus>> changes = new ArrayList<>();
        for (final SubjectKey subject : subjects) {
            final List<Restriction> restrictions = restrictionsOf(subject, now);
            final RestrictionStatus previous = statuses.get(subject.toString());
            if (previous != null && restrictions.equals(previous.getRestrictions())) {
                continue;
            }
            if (previous == null && restrictions.isEmpty()) {
                continue;
            }
            final RestrictionStatus status = restrictions.isEmpty() ? null
                    : new RestrictionStatus(subject.type(), subject.id(), restrictions, Instant.ofEpochMilli(now));
            if (status == null) {
                statuses.delete(subject.toString());
            } else {
                statuses.put(subject.toString(), status);
            }
            changes.add(KeyValue.pair(subject.toString(), status));
        }
        return changes;
    }

    private List<Restriction> restrictionsOf(final SubjectKey subject, final long now) {
        final List<Restriction> restrictions = new ArrayList<>();
        within(subject, maxHops).forEach((reached, path) -> {
            final RiskListEntry entry = listed.get(reached.toString());
            if (entry != null && !isExpired(entry, now)) {
                restrictions.add(new Restriction(reached.type(), reached.id(), entry.getListType(),
                        entry.getRiskLevel(), entry.getSource(), entry.getCaseId(), path.size(), path));
            }
        });
        restrictions.sort(STRONGEST_FIRST);
        return restrictions;
    }

    /**
     * Every subject within {@code radius} links of {@code start} (itself included), each with a
     * shortest path from {@code start}. Neighbours come in key order, so the path is deterministic.
     */
    private Map<SubjectKey, List<LinkHop>> within(final SubjectKey start, final int radius) {
        final Map<SubjectKey, List<LinkHop>> reached = new LinkedHashMap<>();
        final Deque<SubjectKey> frontier = new ArrayDeque<>();
        reached.put(start, List.of());
        frontier.add(start);
        while (!frontier.isEmpty()) {
            final SubjectKey from = frontier.poll();
            final List<LinkHop> pathToFrom = reached.get(from);
            if (pathToFrom.size() >= radius) {
                continue;
            }
            final String prefix = from.toString() + SEPARATOR;
            try (KeyValueIterator<String, String> neighbours = links.prefixScan(prefix, PREFIX_SERIALIZER)) {
                while (neighbours.hasNext()) {
                    final KeyValue<String, String> edge = neighbours.next();
                    final Optional<SubjectKey> to = SubjectKey.parse(edge.key.substring(prefix.length()));
                    if (to.isEmpty() || reached.containsKey(to.get())) {
                        continue;
                    }
                    final List<LinkHop> path = new ArrayList<>(pathToFrom);
                    path.add(new LinkHop(from.type(), from.id(), LinkKind.valueOf(edge.value), to.get().type(),
                            to.get().id()));
                    reached.put(to.get(), List.copyOf(path));
                    frontier.add(to.get());
                }
            }
        }
        return reached;
    }

    private static boolean hasOtherCanonicalForm(final SubjectKey stored) {
        return !SubjectKey.forLookup(stored.type(), stored.id()).equals(stored);
    }

    /** Several steps may change one subject; only its final status is to be published. */
    private static List<KeyValue<String, RestrictionStatus>> lastChangePerSubject(
            final List<KeyValue<String, RestrictionStatus>> changes) {
        final Map<String, RestrictionStatus> last = new LinkedHashMap<>();
        changes.forEach(change -> {
            last.remove(change.key);
            last.put(change.key, change.value);
        });
        return last.entrySet().stream().map(e -> KeyValue.pair(e.getKey(), e.getValue())).toList();
    }

    private void forgetExpiry(final SubjectKey subject) {
        final RiskListEntry old = listed.get(subject.toString());
        if (old != null && old.getExpiresAt() != null) {
            expiries.delete(expiryKey(old.getExpiresAt().toEpochMilli(), subject));
        }
    }

    private static boolean isExpired(final RiskListEntry entry, final long now) {
        return entry != null && entry.getExpiresAt() != null && entry.getExpiresAt().toEpochMilli() <= now;
    }

    private static String edgeKey(final SubjectKey from, final SubjectKey to) {
        return from.toString() + SEPARATOR + to;
    }

    private static String expiryKey(final long expiresAt, final SubjectKey subject) {
        return String.format("%015d", Math.max(0, expiresAt)) + (subject == null ? "" : SEPARATOR + subject.toString());
    }
}
