package io.stoppay.restriction;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.schemas.AvroSerde;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.LinkKind;
import stoppay.v1.ListType;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * {@code stoppay.restriction.max.degree} changed between two starts: the graph built under the
 * old cap is brought in line with the new one ({@link RestrictionGraph#reconcileHubs}), both ways.
 * A newcomer raised the cap from 3 to 10 and found the former hubs still blocking restriction.
 */
class HubReconciliationTest {

    private static final long NOW = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();
    private static final SubjectKey NAT = SubjectKey.of(SubjectType.IP, "10.0.0.1");
    private static final SubjectKey LISTED = account("A1");

    private final MockProcessorContext<String, GraphChange> context = new MockProcessorContext<>();

    @BeforeEach
    void stores() {
        store(RestrictionStores.LISTED, AvroSerde.of(RiskListEntry.class));
        store(RestrictionStores.LINKS, Serdes.String());
        store(RestrictionStores.LINK_KEYS, Serdes.String());
        store(RestrictionStores.EXPIRIES, Serdes.String());
        store(RestrictionStores.STATUSES, AvroSerde.of(RestrictionStatus.class));
        store(RestrictionStores.DEGREES, Serdes.Long());
    }

    @Test
    void shouldPassRestrictionThroughAFormerHubOnceTheCapIsRaisedAboveItsDegree() {
        // Given: A1 listed, and linked with B1..B3 to one IP, a hub under a cap of 3
        final RestrictionGraph underThree = natWithFourAccounts(3);
        assertThat(status(NAT).getHub()).isTrue();
        assertThat(status(account("B1"))).isNull();

        // When: started again with a cap of 10
        final RestrictionGraph underTen = graph(10);
        final Map<String, RestrictionStatus> changes = changes(underTen.reconcileHubs(NOW));

        // Then: the IP is no hub and passes A1's listing on, to the IP at 1 hop and B1 at 2
        assertThat(status(NAT).getHub()).isFalse();
        assertThat(status(account("B1")).getRestrictions()).singleElement()
                .satisfies(r -> assertThat(r.getHops()).isEqualTo(2));
        assertThat(changes).containsKeys(NAT.toString(), "ACCOUNT:B1", "ACCOUNT:B2", "ACCOUNT:B3");
        assertThat(underTen.reconcileHubs(NOW)).as("nothing left to reconcile").isEmpty();
        assertThat(underThree.isHub(NAT)).as("the cap is each graph's own").isTrue();
    }

    @Test
    void shouldStopPassingRestrictionThroughASubjectOnceTheCapIsLoweredBelowItsDegree() {
        // Given: the same four links under a cap of 10, so A1's listing reaches B1
        natWithFourAccounts(10);
        assertThat(status(account("B1"))).isNotNull();

        // When: started again with a cap of 3
        final Map<String, RestrictionStatus> changes = changes(graph(3).reconcileHubs(NOW));

        // Then: the IP is a hub, and what it passed on is lifted
        assertThat(status(NAT).getHub()).isTrue();
        assertThat(status(NAT).getRestrictions()).isEmpty();
        assertThat(status(account("B1"))).isNull();
        assertThat(changes).containsEntry("ACCOUNT:B1", null);
        assertThat(status(LISTED).getRestrictions()).singleElement().satisfies(r -> assertThat(r.getHops()).isZero());
    }

    @Test
    void shouldChangeNothingWhenTheCapIsUnchanged() {
        natWithFourAccounts(3);

        assertThat(graph(3).reconcileHubs(NOW)).isEmpty();
    }

    private RestrictionGraph natWithFourAccounts(final int maxDegree) {
        final RestrictionGraph graph = graph(maxDegree);
        graph.list(ListingKey.v1(LISTED), RiskListEntry.newBuilder().setSubjectType(SubjectType.ACCOUNT)
                .setSubjectId("A1").setListType(ListType.FRAUD_ACCOUNT).setRiskLevel(3).setSource("PSB")
                .setListedAt(Instant.ofEpochMilli(NOW)).build(), NOW);
        for (final String id : new String[] {"A1", "B1", "B2", "B3"}) {
            final LinkKey link = new LinkKey(account(id), NAT);
            graph.link(link, link.a() + "|" + link.b(), LinkKind.IP_ACCOUNT, NOW);
        }
        return graph;
    }

    private RestrictionGraph graph(final int maxDegree) {
        return RestrictionGraph.in(context, new RestrictionGraph.Limits(2, maxDegree));
    }

    private RestrictionStatus status(final SubjectKey subject) {
        final KeyValueStore<String, RestrictionStatus> statuses = context.getStateStore(RestrictionStores.STATUSES);
        return statuses.get(subject.toString());
    }

    private static Map<String, RestrictionStatus> changes(final List<KeyValue<String, RestrictionStatus>> changes) {
        final Map<String, RestrictionStatus> byKey = new HashMap<>();
        changes.forEach(change -> byKey.put(change.key, change.value));
        return byKey;
    }

    private static SubjectKey account(final String id) {
        return SubjectKey.of(SubjectType.ACCOUNT, id);
    }

    private <V> void store(final String name, final Serde<V> values) {
        final KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }
}
