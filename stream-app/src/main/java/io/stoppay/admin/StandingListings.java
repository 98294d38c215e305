package io.stoppay.admin;

import io.stoppay.config.StopPayConfig;
import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.identifier.UnreadableIdentifierException;
import io.stoppay.restriction.ListingKey;
import io.stoppay.restriction.SubjectKey;
import io.stoppay.topology.Topic;
import io.stoppay.topology.Topics;
import io.stoppay.validation.InvalidRecordException;
import io.stoppay.validation.ListEntryCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import stoppay.v1.RiskListEntry;

/**
 * The listings of one subject that stand on {@code risk.lists.v1}, read from the topic as a
 * read_committed reader sees it from its beginning to its end: what a release from the command
 * line, which has no running StopPay to ask, can release. Each listing is its key as written (a
 * feeder's {@code PHONE:139…|police} as much as StopPay's own {@code PHONE:+86139…|police}) with
 * its last valid entry; a tombstoned or expired listing does not stand. A record StopPay
 * dead-letters (undecodable, or failing {@link ListEntryCheck}) is skipped, as the graph skips it.
 *
 * <p>Price: one pass over the topic, about a second per hundred thousand records read.
 */
public final class StandingListings {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final ListEntryCheck CHECK = new ListEntryCheck();
    /** How long finding the topic may take: an unreachable cluster should fail a CLI run in seconds. */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

    private StandingListings() {
    }

    /**
     * The standing listings of {@code subject} (canonical), by key as written.
     *
     * @param timeout how long reading the topic to its end may take
     * @throws ListWriteException when the topic could not be read to its end in time (nothing was written)
     */
    public static Map<ListingKey, RiskListEntry> of(final StopPayConfig config, final SubjectKey subject,
                                                    final Duration timeout) {
        final Topic<String, RiskListEntry> lists = Topics.from(config).lists();
        final Map<String, Object> props = new HashMap<>(config.kafka());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        final Map<String, RiskListEntry> latest = new LinkedHashMap<>();
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(props, "read_committed")) {
            final List<TopicPartition> partitions = consumer.partitionsFor(lists.name(), METADATA_TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // To the high watermark, not the last stable offset: a listing committed a moment ago
            // (`lists add`, then `lists release`) may still wait for its commit marker, and would
            // be missed below it.
            final Map<TopicPartition, Long> ends;
            try (KafkaConsumer<byte[], byte[]> written = consumer(props, "read_uncommitted")) {
                ends = written.endOffsets(partitions, METADATA_TIMEOUT);
            }
            while (partitions.stream().anyMatch(partition -> consumer.position(partition, timeout) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new ListWriteException("could not read " + lists.name() + " to its end within " + timeout
                            + " (a transaction left open?); nothing was written", null, false);
                }
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    apply(record, lists, latest);
                }
            }
        } catch (final org.apache.kafka.common.errors.TimeoutException e) {
            throw new ListWriteException("could not find " + lists.name() + " within " + METADATA_TIMEOUT
                    + " (is the cluster reachable?); nothing was written", e, false);
        }
        final Map<ListingKey, RiskListEntry> standing = new LinkedHashMap<>();
        final Instant now = Instant.now();
        latest.forEach((key, entry) -> {
            if (entry.getExpiresAt() == null || entry.getExpiresAt().isAfter(now)) {
                listingOf(key, entry, subject).ifPresent(listing -> standing.put(listing, entry));
            }
        });
        return standing;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(final Map<String, Object> props, final String isolation) {
        final Map<String, Object> withIsolation = new HashMap<>(props);
        withIsolation.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(withIsolation, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The keys of {@code standing} (as from {@link #of}) that {@code source}'s listing stands under. */
    public static List<ListingKey> bySource(final Map<ListingKey, RiskListEntry> standing, final String source) {
        return standing.entrySet().stream().filter(listed -> sourceOf(listed.getKey(), listed.getValue()).equals(source))
                .map(Map.Entry::getKey).toList();
    }

    /** The source a listing is by: the one its key names, else (a v1 key) its entry's. */
    public static String sourceOf(final ListingKey listing, final RiskListEntry entry) {
        return listing.source().orElseGet(() -> CanonicalIdentifiers.trimBlanks(entry.getSource()));
    }

    private static Optional<ListingKey> listingOf(final String key, final RiskListEntry entry, final SubjectKey subject) {
        if (entry.getSubjectType() == null) {
            return Optional.empty();
        }
        return ListingKey.parse(key, SubjectKey.forLookup(entry.getSubjectType(), entry.getSubjectId()), entry.getSource())
                .filter(listing -> names(listing, subject));
    }

    private static boolean names(final ListingKey listing, final SubjectKey subject) {
        try {
            return listing.canonicalSubject().equals(subject);
        } catch (final UnreadableIdentifierException e) {
            return false;
        }
    }

    /**
     * Takes {@code record} as StopPay's graph does: a tombstone releases its key, a valid entry
     * replaces the key's listing, and a record StopPay dead-letters (undecodable, or failing
     * {@link ListEntryCheck}) changes nothing, so the key's earlier listing still stands.
     */
    private static void apply(final ConsumerRecord<byte[], byte[]> record, final Topic<String, RiskListEntry> lists,
                              final Map<String, RiskListEntry> latest) {
        if (record.key() == null) {
            return;
        }
        final String key = new String(record.key(), StandardCharsets.UTF_8);
        final RiskListEntry entry = record.value() == null ? null : decode(lists, record.value()).orElse(null);
        if (record.value() != null && entry == null) {
            return;
        }
        try {
            CHECK.check(key, entry, record.timestamp());
        } catch (final InvalidRecordException | UnreadableIdentifierException e) {
            return;
        }
        if (entry == null) {
            latest.remove(key);
        } else {
            latest.put(key, entry);
        }
    }

    private static Optional<RiskListEntry> decode(final Topic<String, RiskListEntry> lists, final byte[] value) {
        try {
            return Optional.ofNullable(lists.valueSerde().deserializer().deserialize(lists.name(), value));
        } catch (final RuntimeException e) {
            return Optional.empty();
        }
    }
}
