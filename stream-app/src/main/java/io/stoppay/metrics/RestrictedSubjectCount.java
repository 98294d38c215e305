package io.stoppay.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.stoppay.topology.InterceptionTopology;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stoppay.v1.ListType;
import stoppay.v1.Restriction;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.SubjectType;

/**
 * The gauge {@code stoppay_restricted_subjects{subject_type, list_type}}: how many subjects each
 * kind of list entry reaches, directly or through linkages (VICTIM_WATCH counts protected ones);
 * and {@code stoppay_restriction_hubs{subject_type}}: how many subjects are hubs (more links than
 * {@code stoppay.restriction.max.degree}), through which restriction does not pass.
 *
 * <p>Counted by a background scan of the global restrictions store every refresh interval,
 * rather than on every change, because only the single graph task sees the changes, while every
 * instance has the store; every instance therefore reports the same numbers (use {@code max} to
 * aggregate). A scan costs about a second per million restricted subjects.
 */
public final class RestrictedSubjectCount implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestrictedSubjectCount.class);

    private final KafkaStreams streams;
    private final GaugeRows gauge;
    private final GaugeRows hubs;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        final Thread thread = new Thread(task, "stoppay-restricted-count");
        thread.setDaemon(true);
        return thread;
    });

    private RestrictedSubjectCount(final KafkaStreams streams, final MeterRegistry registry) {
        this.streams = streams;
        this.gauge = new GaugeRows(MultiGauge.builder("stoppay.restricted.subjects")
                .description("Subjects a list entry reaches, directly or through linkages, by subject and list type")
                .register(registry));
        this.hubs = new GaugeRows(MultiGauge.builder("stoppay.restriction.hubs")
                .description("Subjects with more links than stoppay.restriction.max.degree, which pass no restriction on")
                .register(registry));
    }

    /** Starts counting every {@code refresh}; the first count comes once the instance is running. */
    public static RestrictedSubjectCount start(final KafkaStreams streams, final MeterRegistry registry,
                                               final Duration refresh) {
        final RestrictedSubjectCount count = new RestrictedSubjectCount(streams, registry);
        count.scheduler.scheduleWithFixedDelay(count::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        return count;
    }

    private void refresh() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return;
        }
        try {
            final ReadOnlyKeyValueStore<String, RestrictionStatus> store = streams.store(StoreQueryParameters
                    .fromNameAndType(InterceptionTopology.RESTRICTED_SUBJECTS, QueryableStoreTypes.keyValueStore()));
            final Map<Tags, Long> counts = new HashMap<>();
            // Every type is reported, 0 included: an alert on hubs must not see its series vanish.
            final Map<Tags, Long> hubCounts = new HashMap<>();
            for (final SubjectType type : SubjectType.values()) {
                hubCounts.put(Tags.of("subject_type", type.name()), 0L);
            }
            try (KeyValueIterator<String, RestrictionStatus> all = store.all()) {
                while (all.hasNext()) {
                    final KeyValue<String, RestrictionStatus> subject = all.next();
                    if (subject.value.getHub()) {
                        hubCounts.merge(Tags.of("subject_type", subject.value.getSubjectType().name()), 1L, Long::sum);
                    }
                    final Set<ListType> reachedBy = EnumSet.noneOf(ListType.class);
                    for (final Restriction restriction : subject.value.getRestrictions()) {
                        reachedBy.add(restriction.getListType());
                    }
                    for (final ListType listType : reachedBy) {
                        counts.merge(Tags.of("subject_type", subject.value.getSubjectType().name(),
                                "list_type", listType.name()), 1L, Long::sum);
                    }
                }
            }
            gauge.show(counts);
            hubs.show(hubCounts);
        } catch (final InvalidStateStoreException e) {
            LOG.atDebug().setMessage("restrictions store not queryable now; counting later").log();
        } catch (final RuntimeException e) {
            LOG.atWarn().setMessage("restricted subjects not counted").setCause(e).log();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
