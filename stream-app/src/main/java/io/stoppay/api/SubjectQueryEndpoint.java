package io.stoppay.api;

import io.stoppay.access.Forbidden;
import io.stoppay.access.GuardedEndpoint;
import io.stoppay.access.Principal;
import io.stoppay.access.SubjectScope;
import io.stoppay.admin.InvalidListRequestException;
import io.stoppay.admin.ListRequestRules;
import io.stoppay.behaviour.AccountHistory;
import io.stoppay.behaviour.AccountPlace;
import io.stoppay.behaviour.LastActivity;
import io.stoppay.behaviour.RecentActivity;
import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.restriction.SubjectKey;
import io.stoppay.topology.InterceptionTopology;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import stoppay.internal.v1.Flow;
import stoppay.v1.AccountProfile;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.SubjectType;
import stoppay.v1.SubjectUsage;

/**
 * {@code GET /v1/subjects/{type}/{id}} over interactive queries. Restrictions and usage are
 * global stores, the same on every instance; an account's behaviour lives in the task that owns
 * the account, so a query for an account is answered by the instance that owns it: another
 * instance finds it through the Kafka Streams metadata and forwards the query there.
 *
 * <p>Only a RUNNING instance answers. While it rebalances (or the owner moved mid-query) it says
 * 503 with {@code Retry-After}, rather than answer from a store that may be incomplete.
 *
 * <p>The caller is authenticated before this endpoint is reached ({@code Access#require}); a
 * forwarded query carries the caller's own {@code Authorization} header, so that the owner
 * authenticates and authorises it again against its own access file.
 *
 * <p>An account is answered only to a caller whose banks or regions it belongs to
 * ({@link SubjectScope}), decided by the owner, which alone knows the account's payments; any
 * other caller gets one 403 whatever the account, so a refusal never tells whether it exists.
 * Subjects of other types belong to no bank or region in StopPay's data: every reading role may
 * read them. Other subjects in the answer are masked unless the caller may see them whole.
 */
public final class SubjectQueryEndpoint implements GuardedEndpoint {

    private static final int RECENT_PAYMENTS = 20;

    private final KafkaStreams streams;
    private final HostInfo self;
    private final QueryForwarder forwarder;
    private final AccountHistory.Settings history;

    /**
     * {@code forwarder}: to the instance that owns an account; {@code history}: how much of an
     * account's behaviour to show, as the rules see it.
     */
    public SubjectQueryEndpoint(final KafkaStreams streams, final HostInfo self, final QueryForwarder forwarder,
                                final AccountHistory.Settings history) {
        this.streams = streams;
        this.self = self;
        this.forwarder = forwarder;
        this.history = history;
    }

    @Override
    public Response handle(final Request request, final Principal caller) throws InterruptedException {
        if (!request.method().equals("GET")) {
            return Response.methodNotAllowed("GET");
        }
        if (request.pathParams().size() != 2) {
            return Response.error(404, "path: /v1/subjects/{type}/{id}");
        }
        final SubjectType type = subjectType(request.pathParams().get(0));
        if (type == null) {
            return Response.error(400, "type: must be one of " + Arrays.toString(SubjectType.values()));
        }
        final String id;
        try {
            id = ListRequestRules.requireSubjectId(request.pathParams().get(1));
        } catch (final InvalidListRequestException e) {
            return Response.error(400, e.getMessage());
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Response.unavailable("this instance is " + streams.state() + "; retry shortly");
        }
        try {
            return type == SubjectType.ACCOUNT ? account(id, request, caller)
                    : Response.json(200, view(type, id, null, caller));
        } catch (final InvalidStateStoreException e) {
            return Response.unavailable("state is moving between instances (rebalance); retry shortly");
        }
    }

    private Response account(final String written, final Request request, final Principal caller)
            throws InterruptedException {
        // Histories are keyed by the canonical account id: "6222 0202…" is kept, and partitioned, as "62220202…".
        final String id = CanonicalIdentifiers.accountId(written);
        final KeyQueryMetadata owner = streams.queryMetadataForKey(AccountHistory.LAST_ACTIVE, id,
                Serdes.String().serializer());
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            return Response.unavailable("no instance owns this account right now (rebalance); retry shortly");
        }
        if (!owner.activeHost().equals(self)) {
            return QueryForwarder.forwarded(request)
                    ? Response.unavailable("this instance no longer owns this account (rebalance); retry")
                    : forwarder.forward(owner.activeHost(), request, List.of("v1", "subjects", SubjectType.ACCOUNT.name(), id));
        }
        final ReadOnlyKeyValueStore<String, LastActivity> lastActive = streams.store(StoreQueryParameters
                .fromNameAndType(AccountHistory.LAST_ACTIVE, QueryableStoreTypes.<String, LastActivity>keyValueStore())
                .withPartition(owner.partition()));
        final RecentActivity activity = AccountHistory.queried(flowStore(AccountHistory.INFLOWS, owner.partition()),
                flowStore(AccountHistory.OUTFLOWS, owner.partition()), lastActive, id, history).orElse(null);
        final AccountPlace place = AccountPlace.of(activity,
                this.<AccountProfile>globalStore(InterceptionTopology.ACCOUNT_PROFILES).get(id));
        if (!SubjectScope.mayReadAccount(caller, place.bank(), place.region())) {
            // The same refusal for another bank's account, an unknown one and one that exists nowhere.
            throw new Forbidden(SubjectScope.OUTSIDE);
        }
        return Response.json(200, view(SubjectType.ACCOUNT, id, activity, caller));
    }

    private ReadOnlyWindowStore<String, Flow> flowStore(final String name, final int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, Flow>windowStore())
                .withPartition(partition));
    }

    private SubjectView view(final SubjectType type, final String id, final RecentActivity activity,
                             final Principal caller) {
        final SubjectKey key = SubjectKey.forLookup(type, id);
        final RestrictionStatus status = this.<RestrictionStatus>globalStore(InterceptionTopology.RESTRICTED_SUBJECTS)
                .get(key.toString());
        final SubjectUsage usage = this.<SubjectUsage>globalStore(InterceptionTopology.SUBJECT_USAGE).get(key.toString());
        return SubjectView.of(key, id, status, usage, activity, RECENT_PAYMENTS, self.host() + ":" + self.port(),
                caller);
    }

    private <V> ReadOnlyKeyValueStore<String, V> globalStore(final String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    private static SubjectType subjectType(final String text) {
        try {
            return SubjectType.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            return null;
        }
    }
}
