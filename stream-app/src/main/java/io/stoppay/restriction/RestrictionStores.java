package io.stoppay.restriction;

import io.stoppay.schemas.AvroSerde;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskListEntry;

/**
 * The state of the restriction graph: RocksDB stores with changelogs, all in the one graph task.
 */
public final class RestrictionStores {

    /**
     * Every listing: {@code TYPE:id} (canonical) {@code \0} the listing's key as written, to its
     * entry, so a prefix scan finds all of a subject's listings ({@link ListingKey}).
     */
    public static final String LISTED = "restriction-listed";
    /** Both directions of every link: {@code A \0 B} to the link kind, so a prefix scan finds A's neighbours. */
    public static final String LINKS = "restriction-links";
    /**
     * Every linkage: {@code lower TYPE:id \0 higher TYPE:id \0 key as written} (canonical
     * subjects in key order) to its kind, so that a link stands while any key naming it does.
     */
    public static final String LINK_KEYS = "restriction-link-keys";
    /** {@code <expiresAt, zero-padded> \0 <key in LISTED>}, in time order, so expired listings are found by a range scan. */
    public static final String EXPIRIES = "restriction-expiries";
    /** The last restriction status published per subject, to publish only what changed. */
    public static final String STATUSES = "restriction-statuses";
    /**
     * Per subject with links: how many, and how many of them to accounts and cards, packed in a
     * long, so that telling a hub or a holder's cards costs one lookup rather than a scan of its links.
     */
    public static final String DEGREES = "restriction-degrees";

    private RestrictionStores() {
    }

    public static List<StoreBuilder<?>> builders() {
        return List.of(
                store(LISTED, AvroSerde.of(RiskListEntry.class)),
                store(LINKS, Serdes.String()),
                store(LINK_KEYS, Serdes.String()),
                store(EXPIRIES, Serdes.String()),
                store(STATUSES, AvroSerde.of(RestrictionStatus.class)),
                store(DEGREES, Serdes.Long()));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(final String name, final Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    public static String[] names() {
        return new String[] {LISTED, LINKS, LINK_KEYS, EXPIRIES, STATUSES, DEGREES};
    }
}
