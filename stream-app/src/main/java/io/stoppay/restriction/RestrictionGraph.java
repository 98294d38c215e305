package io.stoppay.restriction;

import io.stoppay.identifier.UnreadableIdentifierException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * <p><b>Hubs.</b> A subject with more than {@code maxDegree} links (a carrier-grade NAT address
 * stands for thousands of accounts, a shop's Wi-Fi for many) is a hub: a walk neither enters nor
 * leaves it, so its links are inert. Its own listing still restricts it (a payment that carries it
 * is still caught), but nobody behind it is restricted through it, and nothing reaches it through
 * its links. This bounds every walk to subjects of at most {@code maxDegree} links, so an update
 * touches at most {@code maxDegree^maxHops} subjects however big a hub grows, and a link to an
 * existing hub costs a few store operations. Crossing the threshold (the link that makes a hub,
 * the unlink that unmakes one) recomputes what the subject passed on, once, at most
 * {@code maxDegree^maxHops} subjects. Link counts are kept per subject ({@link RestrictionStores#DEGREES}),
 * so no update scans a hub's links.
 *
 * <p><b>Listings.</b> A subject may be listed by several sources, each under its own key
 * ({@link ListingKey}). Every standing listing reaches its neighbourhood as a {@link Restriction}
 * of its own, so a subject stays restricted while any stands, and the strongest comes first.
 *
 * <p>All state is in RocksDB stores (see {@link RestrictionStores}); nothing is kept on the heap
 * between records. Not thread-safe: one instance per graph task.
 */
public final class RestrictionGraph {

    private static final char SEPARATOR = '\0';
    /**
     * The most restrictions a status carries, the strongest: a subject that hundreds of listings
     * reach (a ring's shared card, one subject listed by hundreds of sources) would otherwise make
     * a status of megabytes, over Kafka's record size, and stop the graph. The rules read the
     * strongest; the status counts the rest ({@code moreRestrictions}).
     */
    static final int MAX_RESTRICTIONS_PER_STATUS = 32;
    private static final Serializer<String> PREFIX_SERIALIZER = Serdes.String().serializer();
    private static final Comparator<Restriction> STRONGEST_FIRST = Comparator
            .comparingInt(Restriction::getHops)
            .thenComparing(Comparator.comparingInt(Restriction::getRiskLevel).reversed())
            .thenComparing(r -> new SubjectKey(r.getListedType(), r.getListedId()))
            .thenComparing(Restriction::getListingKey, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final KeyValueStore<String, RiskListEntry> listed;
    private final KeyValueStore<String, String> links;
    private final KeyValueStore<String, String> linkKeys;
    private final KeyValueStore<String, String> expiries;
    private final KeyValueStore<String, RestrictionStatus> statuses;
    private final KeyValueStore<String, Long> degrees;
    private final int maxHops;
    private final int maxDegree;

    /**
     * How far restriction reaches and what makes a hub.
     *
     * @param maxHops   a subject within this many links of a listed one is restricted
     *                  ({@code stoppay.restriction.max.hops})
     * @param maxDegree a subject with more links than this is a hub ({@code stoppay.restriction.max.degree})
     */
    public record Limits(int maxHops, int maxDegree) {
    }

    private RestrictionGraph(final ProcessingContext context, final Limits limits) {
        this.listed = context.getStateStore(RestrictionStores.LISTED);
        this.links = context.getStateStore(RestrictionStores.LINKS);
        this.linkKeys = context.getStateStore(RestrictionStores.LINK_KEYS);
        this.expiries = context.getStateStore(RestrictionStores.EXPIRIES);
        this.statuses = context.getStateStore(RestrictionStores.STATUSES);
        this.degrees = context.getStateStore(RestrictionStores.DEGREES);
        this.maxHops = limits.maxHops();
        this.maxDegree = limits.maxDegree();
    }

    /** The graph over the stores a processor was connected to. */
    public static RestrictionGraph in(final ProcessingContext context, final Limits limits) {
        return new RestrictionGraph(context, limits);
    }

    /**
     * Lists (or re-lists) under {@code listing} (one listing of a subject; others may stand beside
     * it). An entry that has already expired is a release.
     */
    public List<KeyValue<String, RestrictionStatus>> list(final ListingKey listing, final RiskListEntry entry,
                                                          final long now) {
        if (isExpired(entry, now)) {
            return release(listing, now);
        }
        final String stored = storedKey(listing);
        forgetExpiry(stored);
        listed.put(stored, entry);
        if (entry.getExpiresAt() != null) {
            expiries.put(expiryKey(entry.getExpiresAt().toEpochMilli(), stored), "");
        }
        return recompute(within(listing.canonicalSubject(), maxHops).keySet(), now);
    }

    /**
     * Releases the listing written under exactly {@code listing} (an appeal upheld at its source,
     * or its entry expired); the subject's other listings stand.
     */
    public List<KeyValue<String, RestrictionStatus>> release(final ListingKey listing, final long now) {
        return releaseStored(storedKey(listing), now);
    }

    /**
     * True when nothing is listed under {@code listing} as written, but the same listing is under
     * another spelling of its key: a release under this key would lift nothing.
     */
    public boolean listedUnderAnotherSpelling(final ListingKey listing) {
        return listed.get(storedKey(listing)) == null && listings(listing.canonicalSubject()).entrySet().stream()
                .map(standing -> ListingKey.parse(standing.getKey(), listing.canonicalSubject(), standing.getValue().getSource()))
                .flatMap(Optional::stream).anyMatch(listing::sameListingAs);
    }

    /** The first of {@code readings} (of one key) under which a listing stands, if any. */
    public Optional<ListingKey> standingReading(final List<ListingKey> readings) {
        for (final ListingKey reading : readings) {
            try {
                if (listed.get(storedKey(reading)) != null) {
                    return Optional.of(reading);
                }
            } catch (final UnreadableIdentifierException e) {
                // this reading's id has no canonical form, so nothing is stored under it
            }
        }
        return Optional.empty();
    }

    private List<KeyValue<String, RestrictionStatus>> releaseStored(final String stored, final long now) {
        forgetExpiry(stored);
        if (listed.delete(stored) == null) {
            return List.of();
        }
        return recompute(within(listedSubject(stored), maxHops).keySet(), now);
    }

    /**
     * Records the linkage written under {@code writtenKey}, which links {@code link}'s two subjects
     * (canonical): adds the link between them, or re-kinds it. Like a listing, a linkage is its key
     * as written: the link stands while any key naming it does (see {@link #unlink}).
     */
    public List<KeyValue<String, RestrictionStatus>> link(final LinkKey link, final String writtenKey,
                                                          final LinkKind kind, final long now) {
        linkKeys.put(linkKeysKey(link, writtenKey), kind.name());
        return linkEdge(link.a(), link.b(), kind, now);
    }

    /**
     * Removes the linkage written under {@code writtenKey}. The link between {@code link}'s subjects
     * goes with it unless another key still names it (the other order, another spelling), whose
     * kind it then keeps: compaction keeps that key's record, so a rebuild would link them again.
     */
    public List<KeyValue<String, RestrictionStatus>> unlink(final LinkKey link, final String writtenKey,
                                                            final long now) {
        if (linkKeys.delete(linkKeysKey(link, writtenKey)) == null) {
            return List.of();
        }
        final Optional<String> standing = firstLinkKind(link);
        if (standing.isEmpty()) {
            return unlinkEdge(link.a(), link.b(), now);
        }
        // Still linked: only a change of kind (it shows in paths) needs the neighbourhood recomputed.
        return standing.get().equals(links.get(edgeKey(link.a(), link.b()))) ? List.of()
                : linkEdge(link.a(), link.b(), LinkKind.valueOf(standing.get()), now);
    }

    /**
     * True when no linkage is written under {@code writtenKey}, but {@code link} stands under another
     * key: a tombstone under this one would remove nothing.
     */
    public boolean linkedUnderAnotherSpelling(final LinkKey link, final String writtenKey) {
        return linkKeys.get(linkKeysKey(link, writtenKey)) == null && firstLinkKind(link).isPresent();
    }

    /** The kind of the first key (in key order) under which {@code link} is written, if any is. */
    private Optional<String> firstLinkKind(final LinkKey link) {
        try (KeyValueIterator<String, String> it = linkKeys.prefixScan(linkKeysPrefix(link), PREFIX_SERIALIZER)) {
            return it.hasNext() ? Optional.of(it.next().value) : Optional.empty();
        }
    }

    /** {@code lower \0 higher \0}: the link's two canonical subjects in key order, whichever way it was written. */
    private static String linkKeysPrefix(final LinkKey link) {
        final boolean ordered = link.a().compareTo(link.b()) <= 0;
        return (ordered ? link.a() : link.b()).toString() + SEPARATOR + (ordered ? link.b() : link.a()) + SEPARATOR;
    }

    private static String linkKeysKey(final LinkKey link, final String writtenKey) {
        return linkKeysPrefix(link) + writtenKey;
    }

    /** Adds (or re-kinds) the link a–b. */
    private List<KeyValue<String, RestrictionStatus>> linkEdge(final SubjectKey a, final SubjectKey b,
                                                               final LinkKind kind, final long now) {
        final boolean added = links.get(edgeKey(a, b)) == null;
        final TreeSet<SubjectKey> touched = new TreeSet<>();
        final Degree aBefore = Degree.unpack(degree(a));
        final Degree bBefore = Degree.unpack(degree(b));
        if (added) {
            // A subject this link makes a hub stops passing on what it did: recompute all of it, once.
            touched.addAll(reachedIfAtDegree(a, aBefore, maxDegree));
            touched.addAll(reachedIfAtDegree(b, bBefore, maxDegree));
        }
        links.put(edgeKey(a, b), kind.name());
        links.put(edgeKey(b, a), kind.name());
        final Degree aAfter = added ? aBefore.plus(b, 1) : aBefore;
        final Degree bAfter = added ? bBefore.plus(a, 1) : bBefore;
        if (added) {
            storeDegree(a, aAfter);
            storeDegree(b, bAfter);
        }
        if (!touched.isEmpty()) {
            touched.add(a); // a threshold crossed: both ends are published with their new hub flags
            touched.add(b);
        }
        touched.addAll(touchedByLink(a, aAfter, b, bAfter));
        return recompute(touched, now);
    }

    /** Removes the link a–b. */
    private List<KeyValue<String, RestrictionStatus>> unlinkEdge(final SubjectKey a, final SubjectKey b,
                                                                 final long now) {
        if (links.get(edgeKey(a, b)) == null) {
            return List.of();
        }
        final Degree aBefore = Degree.unpack(degree(a));
        final Degree bBefore = Degree.unpack(degree(b));
        final TreeSet<SubjectKey> touched = touchedByLink(a, aBefore, b, bBefore);
        final Degree aAfter = aBefore.plus(b, -1);
        final Degree bAfter = bBefore.plus(a, -1);
        links.delete(edgeKey(a, b));
        links.delete(edgeKey(b, a));
        storeDegree(a, aAfter);
        storeDegree(b, bAfter);
        // A subject this unlink brings back to maxDegree is no longer a hub: it passes restriction on again.
        touched.addAll(reachedIfAtDegree(a, aAfter, maxDegree));
        touched.addAll(reachedIfAtDegree(b, bAfter, maxDegree));
        return recompute(touched, now);
    }

    /** True when {@code subject} has more than {@code maxDegree} links, so that restriction does not pass through it. */
    public boolean isHub(final SubjectKey subject) {
        return isHub(Degree.unpack(degree(subject)));
    }

    private boolean isHub(final Degree degree) {
        return degree.links() > maxDegree;
    }

    /**
     * Brings the graph in line with {@code maxDegree} after it was changed: every subject whose
     * published hub flag no longer matches its degree (more links than {@code maxDegree}) is
     * recomputed, with everything within reach of its neighbours, as the link that crossed the
     * threshold would have done. Without it a raised cap left former hubs blocking restriction, and
     * a lowered one left big NAT addresses passing it on, until their links next changed. Run once
     * per start: a scan of the degrees (one entry per linked subject) and a status lookup each;
     * the recompute is bounded by the old and new caps.
     */
    public List<KeyValue<String, RestrictionStatus>> reconcileHubs(final long now) {
        final TreeSet<SubjectKey> touched = new TreeSet<>();
        try (KeyValueIterator<String, Long> all = degrees.all()) {
            while (all.hasNext()) {
                final KeyValue<String, Long> entry = all.next();
                final RestrictionStatus published = statuses.get(entry.key);
                final boolean publishedHub = published != null && published.getHub();
                if (isHub(Degree.unpack(entry.value)) != publishedHub) {
                    SubjectKey.parse(entry.key).ifPresent(subject -> touched.addAll(aroundThreshold(subject)));
                }
            }
        }
        return recompute(touched, now);
    }

    /** {@code subject} and every subject within reach of its neighbours: what its hub flag decides. */
    private Set<SubjectKey> aroundThreshold(final SubjectKey subject) {
        final List<SubjectKey> neighbours = new ArrayList<>();
        final String prefix = subject.toString() + SEPARATOR;
        try (KeyValueIterator<String, String> edges = links.prefixScan(prefix, PREFIX_SERIALIZER)) {
            edges.forEachRemaining(edge -> SubjectKey.parse(edge.key.substring(prefix.length())).ifPresent(neighbours::add));
        }
        final Set<SubjectKey> around = new TreeSet<>(maxHops > 0 ? within(neighbours, maxHops - 1).keySet() : Set.of());
        around.add(subject);
        return around;
    }

    /** Releases every listing whose {@code expiresAt} is not after {@code now}. */
    public List<KeyValue<String, RestrictionStatus>> releaseExpired(final long now) {
        final List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = expiries.range(expiryKey(0, null), expiryKey(now, null) + '\uffff')) {
            it.forEachRemaining(kv -> due.add(kv.key));
        }
        final List<KeyValue<String, RestrictionStatus>> changes = new ArrayList<>();
        for (final String key : due) {
            expiries.delete(key);
            final String stored = key.substring(key.indexOf(SEPARATOR) + 1);
            if (isExpired(listed.get(stored), now)) {
                changes.addAll(releaseStored(stored, now));
            }
        }
        return changes;
    }

    /** How many accounts and cards are linked to a subject directly (一人多卡 for a holder). */
    public int linkedAccounts(final SubjectKey subject) {
        return Degree.unpack(degree(subject)).accountsAndCards();
    }

    /** The subject's packed {@link Degree}; 0 for a subject without links. */
    private long degree(final SubjectKey subject) {
        final Long stored = degrees.get(subject.toString());
        return stored == null ? 0 : stored;
    }

    private void storeDegree(final SubjectKey subject, final Degree degree) {
        if (degree.links() <= 0) {
            degrees.delete(subject.toString());
        } else {
            degrees.put(subject.toString(), degree.pack());
        }
    }

    private static boolean isAccountOrCard(final String subjectKey) {
        return subjectKey.startsWith(SubjectType.ACCOUNT.name() + ':') || subjectKey.startsWith(SubjectType.CARD.name() + ':');
    }

    /** Everything within {@code maxHops} of {@code subject} when its {@code degree} is exactly {@code links}; else nothing. */
    private Set<SubjectKey> reachedIfAtDegree(final SubjectKey subject, final Degree degree, final int links) {
        return degree.links() == links ? within(subject, maxHops).keySet() : Set.of();
    }

    /** A subject's link counts, packed into one long for the store: all links, and those to accounts and cards. */
    private record Degree(int links, int accountsAndCards) {

        /** With {@code delta} links to {@code neighbour}. */
        Degree plus(final SubjectKey neighbour, final int delta) {
            return new Degree(links + delta, accountsAndCards + (isAccountOrCard(neighbour.toString()) ? delta : 0));
        }

        long pack() {
            return (long) links << Integer.SIZE | accountsAndCards & 0xFFFF_FFFFL;
        }

        static Degree unpack(final long packed) {
            return new Degree((int) (packed >>> Integer.SIZE), (int) packed);
        }
    }

    /** What the link a–b can change, with its ends at degrees {@code aDegree} and {@code bDegree} while it is in place. */
    private TreeSet<SubjectKey> touchedByLink(final SubjectKey a, final Degree aDegree, final SubjectKey b,
                                              final Degree bDegree) {
        final TreeSet<SubjectKey> touched = new TreeSet<>();
        if (isHub(aDegree) || isHub(bDegree)) {
            return touched; // an inert link: no walk crosses it
        }
        if (maxHops > 0) {
            touched.addAll(within(a, maxHops - 1).keySet());
            touched.addAll(within(b, maxHops - 1).keySet());
        }
        return touched;
    }

    /**
     * Recomputes the statuses of {@code subjects} and returns the real changes. Linear in the
     * neighbourhood rather than quadratic: one walk from all of them together finds the listings
     * within reach, then one walk from each such listing finds the subjects it restricts and the
     * shortest path to each. (A walk from every subject, as before, cost a hub of 200 links
     * 200 × 200 lookups per link.)
     */
    private List<KeyValue<String, RestrictionStatus>> recompute(final Collection<SubjectKey> subjects, final long now) {
        final Set<SubjectKey> targets = new LinkedHashSet<>(subjects);
        final Map<SubjectKey, List<Restriction>> reached = new HashMap<>();
        for (final SubjectKey candidate : within(targets, maxHops).keySet()) {
            final Map<String, RiskListEntry> listings = listings(candidate);
            listings.values().removeIf(entry -> isExpired(entry, now));
            if (listings.isEmpty()) {
                continue;
            }
            within(List.of(candidate), maxHops).forEach((subject, pathFromListing) -> {
                if (targets.contains(subject)) {
                    listings.forEach((listingKey, entry) -> reached.computeIfAbsent(subject, s -> new ArrayList<>())
                            .add(Restriction.newBuilder().setListedType(candidate.type()).setListedId(candidate.id())
                                    .setListType(entry.getListType()).setRiskLevel(entry.getRiskLevel())
                                    .setSource(entry.getSource()).setCaseId(entry.getCaseId())
                                    .setHops(pathFromListing.size()).setPath(reversed(pathFromListing))
                                    .setListingKey(listingKey).build()));
                }
            });
        }
        final List<KeyValue<String, RestrictionStatus>> changes = new ArrayList<>();
        for (final SubjectKey subject : targets) {
            final List<Restriction> reaching = reached.getOrDefault(subject, new ArrayList<>());
            reaching.sort(STRONGEST_FIRST);
            final List<Restriction> restrictions = reaching.subList(0, Math.min(reaching.size(),
                    MAX_RESTRICTIONS_PER_STATUS));
            final int more = reaching.size() - restrictions.size();
            final boolean hub = isHub(subject);
            final RestrictionStatus previous = statuses.get(subject.toString());
            if (previous != null && restrictions.equals(previous.getRestrictions()) && previous.getHub() == hub
                    && previous.getMoreRestrictions() == more) {
                continue;
            }
            if (previous == null && restrictions.isEmpty() && !hub) {
                continue;
            }
            final RestrictionStatus status = restrictions.isEmpty() && !hub ? null
                    : new RestrictionStatus(subject.type(), subject.id(), new ArrayList<>(restrictions),
                            Instant.ofEpochMilli(now), hub, more);
            if (status == null) {
                statuses.delete(subject.toString());
            } else {
                statuses.put(subject.toString(), status);
            }
            changes.add(KeyValue.pair(subject.toString(), status));
        }
        return changes;
    }

    /** A path from a listing to a subject, as the subject's path to the listing. */
    private static List<LinkHop> reversed(final List<LinkHop> path) {
        final List<LinkHop> back = new ArrayList<>(path.size());
        for (int i = path.size() - 1; i >= 0; i--) {
            final LinkHop hop = path.get(i);
            back.add(new LinkHop(hop.getToType(), hop.getToId(), hop.getKind(), hop.getFromType(), hop.getFromId()));
        }
        return back;
    }

    private Map<SubjectKey, List<LinkHop>> within(final SubjectKey start, final int radius) {
        return within(List.of(start), radius);
    }

    /**
     * Every subject within {@code radius} links of any of {@code starts} (themselves included),
     * each with a shortest path from the nearest start, never entering or leaving a hub (a hub
     * start reaches only itself). Neighbours come in key order, so the path is deterministic.
     */
    private Map<SubjectKey, List<LinkHop>> within(final Collection<SubjectKey> starts, final int radius) {
        final Map<SubjectKey, List<LinkHop>> reached = new LinkedHashMap<>();
        final Deque<SubjectKey> frontier = new ArrayDeque<>();
        for (final SubjectKey start : starts) {
            reached.put(start, List.of());
            frontier.add(start);
        }
        while (!frontier.isEmpty()) {
            final SubjectKey from = frontier.poll();
            final List<LinkHop> pathToFrom = reached.get(from);
            if (pathToFrom.size() >= radius || isHub(from)) {
                continue;
            }
            final String prefix = from.toString() + SEPARATOR;
            try (KeyValueIterator<String, String> neighbours = links.prefixScan(prefix, PREFIX_SERIALIZER)) {
                while (neighbours.hasNext()) {
                    final KeyValue<String, String> edge = neighbours.next();
                    final Optional<SubjectKey> to = SubjectKey.parse(edge.key.substring(prefix.length()));
                    if (to.isEmpty() || reached.containsKey(to.get()) || isHub(to.get())) {
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

    /** The listings of {@code subject}, by their keys as written, in key order. */
    private Map<String, RiskListEntry> listings(final SubjectKey subject) {
        final Map<String, RiskListEntry> all = new LinkedHashMap<>();
        try (KeyValueIterator<String, RiskListEntry> it = listed.prefixScan(subject.toString() + SEPARATOR,
                PREFIX_SERIALIZER)) {
            it.forEachRemaining(kv -> all.put(writtenKey(kv.key), kv.value));
        }
        return all;
    }

    private void forgetExpiry(final String stored) {
        final RiskListEntry old = listed.get(stored);
        if (old != null && old.getExpiresAt() != null) {
            expiries.delete(expiryKey(old.getExpiresAt().toEpochMilli(), stored));
        }
    }

    /** {@code canonical subject \0 key as written}: a subject's listings are found by a prefix scan. */
    private static String storedKey(final ListingKey listing) {
        return listing.canonicalSubject().toString() + SEPARATOR + listing.written();
    }

    private static SubjectKey listedSubject(final String stored) {
        return SubjectKey.parse(stored.substring(0, stored.indexOf(SEPARATOR))).orElseThrow();
    }

    private static String writtenKey(final String stored) {
        return stored.substring(stored.indexOf(SEPARATOR) + 1);
    }

    private static boolean isExpired(final RiskListEntry entry, final long now) {
        return entry != null && entry.getExpiresAt() != null && entry.getExpiresAt().toEpochMilli() <= now;
    }

    private static String edgeKey(final SubjectKey from, final SubjectKey to) {
        return from.toString() + SEPARATOR + to;
    }

    private static String expiryKey(final long expiresAt, final String stored) {
        return String.format("%015d", Math.max(0, expiresAt)) + (stored == null ? "" : SEPARATOR + stored);
    }
}
