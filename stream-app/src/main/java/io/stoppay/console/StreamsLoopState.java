package io.stoppay.console;

import io.stoppay.outcome.NewestNotices;
import io.stoppay.outcome.OutcomeLoopProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import stoppay.internal.v1.NoticeKind;
import stoppay.internal.v1.OutcomeLoopEntry;

/**
 * The outcome loop's state through Kafka Streams' interactive queries: the deadline index of every
 * active partition here, newest first (IQv2, which finds this instance's partitions), the entries by
 * partition, and the other instances from the Kafka Streams metadata. Only a RUNNING instance answers.
 */
final class StreamsLoopState implements LoopState {

    /**
     * Index keys read per partition and request, at most: about two per notice (its expiry and, until
     * it is due, its overdue time), so a list reaches back over the newest ~5,000 notices of each
     * partition; a region with nothing among them shows what was found and says the list is incomplete.
     */
    static final int MAX_READ_PER_PARTITION = 10_000;

    private final KafkaStreams streams;
    private final HostInfo self;

    StreamsLoopState(final KafkaStreams streams, final HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public HostInfo self() {
        return self;
    }

    @Override
    public NewestNotices.Found newestHere(final NoticeKind kind, final Predicate<OutcomeLoopEntry> wanted,
                                         final int limit) {
        requireRunning();
        final StateQueryResult<KeyValueIterator<String, String>> index = streams.query(
                StateQueryRequest.inStore(OutcomeLoopProcessor.DEADLINES)
                        .withQuery(RangeQuery.<String, String>withNoBounds().withDescendingKeys()).requireActive());
        final List<OutcomeLoopEntry> found = new ArrayList<>();
        boolean complete = true;
        try {
            for (final Map.Entry<Integer, QueryResult<KeyValueIterator<String, String>>> partition
                    : index.getPartitionResults().entrySet()) {
                final QueryResult<KeyValueIterator<String, String>> result = partition.getValue();
                if (result.isFailure()) {
                    // A standby copy here is not this instance's to answer from; its active task is elsewhere.
                    if (result.getFailureReason() == FailureReason.NOT_ACTIVE) {
                        continue;
                    }
                    throw new InvalidStateStoreException("partition " + partition.getKey() + ": "
                            + result.getFailureReason());
                }
                final ReadOnlyKeyValueStore<String, OutcomeLoopEntry> entries = entries(partition.getKey());
                final NewestNotices.Found part = NewestNotices.of(result.getResult(), entries::get, kind, wanted, limit,
                        MAX_READ_PER_PARTITION);
                found.addAll(part.entries());
                complete &= part.complete();
            }
        } finally {
            index.getPartitionResults().values().stream().filter(QueryResult::isSuccess)
                    .forEach(result -> result.getResult().close());
        }
        return new NewestNotices.Found(found, complete);
    }

    @Override
    public Optional<HostInfo> owner(final String key) {
        return metadata(key).map(KeyQueryMetadata::activeHost);
    }

    @Override
    public Optional<OutcomeLoopEntry> get(final String key) {
        final KeyQueryMetadata owner = metadata(key)
                .orElseThrow(() -> new InvalidStateStoreException("no instance owns the key (rebalance)"));
        return Optional.ofNullable(entries(owner.partition()).get(key));
    }

    @Override
    public List<HostInfo> others() {
        requireRunning();
        return streams.streamsMetadataForStore(OutcomeLoopProcessor.STORE).stream().map(StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(self)).distinct().toList();
    }

    private Optional<KeyQueryMetadata> metadata(final String key) {
        requireRunning();
        final KeyQueryMetadata owner = streams.queryMetadataForKey(OutcomeLoopProcessor.STORE, key,
                Serdes.String().serializer());
        return owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner) ? Optional.empty() : Optional.of(owner);
    }

    private ReadOnlyKeyValueStore<String, OutcomeLoopEntry> entries(final int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(OutcomeLoopProcessor.STORE,
                QueryableStoreTypes.<String, OutcomeLoopEntry>keyValueStore()).withPartition(partition));
    }

    private void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException("this instance is " + streams.state());
        }
    }
}
