package io.stoppay.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stoppay.api.QueryForwarder;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import io.stoppay.outcome.NewestNotices;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.HostInfo;
import stoppay.internal.v1.NoticeKind;
import stoppay.internal.v1.OutcomeLoopEntry;

/**
 * The outcome loop's alerts and warnings across the instances, as the console reads them. A list is
 * this instance's newest merged with what every other instance answers to the same request (which
 * reaches them marked as forwarded, so they answer from their own state); one notice is read where
 * its key lives. What cannot be read whole is {@link Unanswered}, so that the console answers 503
 * rather than part of a list or a notice from a store that no longer owns it.
 */
final class Notices {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final LoopState state;
    private final Forwarding forwarding;
    private final Clock clock;

    /** Sends a request on to another instance: {@link QueryForwarder#forward}. */
    @FunctionalInterface
    interface Forwarding {
        Response forward(HostInfo to, Request request, List<String> path) throws InterruptedException;
    }

    /** The request cannot be answered whole; {@link #response()} says why (503, or another instance's answer). */
    static final class Unanswered extends Exception {

        private final transient Response response;

        Unanswered(final Response response) {
            super(null, null, false, false);
            this.response = response;
        }

        Response response() {
            return response;
        }
    }

    /**
     * A list of notices, and whether it is every match.
     *
     * @param notices  newest first
     * @param complete false when an instance stopped reading before the limit ({@link StreamsLoopState#MAX_READ_PER_PARTITION})
     */
    record Listing(List<NoticeView> notices, boolean complete) {
    }

    Notices(final LoopState state, final Forwarding forwarding, final Clock clock) {
        this.state = state;
        this.forwarding = forwarding;
        this.clock = clock;
    }

    /**
     * The newest notices of {@code kind} that {@code wanted} keeps, from every instance, newest first,
     * at most {@code limit}; {@code path} is the request's own path, for the other instances.
     */
    Listing newest(final NoticeKind kind, final Predicate<OutcomeLoopEntry> wanted, final int limit,
                   final Request request, final List<String> path) throws Unanswered, InterruptedException {
        final NewestNotices.Found here = state.newestHere(kind, wanted, limit);
        final Instant now = clock.instant();
        final List<NoticeView> notices = new ArrayList<>(here.entries().stream().map(entry -> NoticeView.of(entry, now))
                .toList());
        boolean complete = here.complete();
        if (!QueryForwarder.forwarded(request)) {
            for (final HostInfo other : state.others()) {
                final Listing there = read(forwarding.forward(other, request, path), Listing.class);
                notices.addAll(there.notices());
                complete &= there.complete();
            }
        }
        return new Listing(notices.stream().sorted(NoticeView.NEWEST_FIRST).limit(limit).toList(), complete);
    }

    /**
     * The notice under {@code key} ({@code WARNING:<id>}…), here or from the instance that owns it;
     * empty when there is none, or only an outcome that came before it. {@code path} is where that
     * instance answers it ({@code GET}).
     */
    Optional<NoticeView> find(final String key, final Request request, final List<String> path)
            throws Unanswered, InterruptedException {
        final HostInfo owner = state.owner(key).orElseThrow(() ->
                new Unanswered(Response.unavailable("no instance holds this notice right now (rebalance); retry shortly")));
        if (owner.equals(state.self())) {
            return state.get(key).filter(entry -> entry.getIssued() != null)
                    .map(entry -> NoticeView.of(entry, clock.instant()));
        }
        if (QueryForwarder.forwarded(request)) {
            throw new Unanswered(Response.unavailable("this instance no longer holds this notice (rebalance); retry"));
        }
        final Response answer = forwarding.forward(owner,
                new Request("GET", path, Map.of(), request.headers(), new byte[0]), path);
        return answer.status() == 404 ? Optional.empty() : Optional.of(read(answer, NoticeView.class));
    }

    /** Another instance's answer: a 200 of {@code type}, or the answer passed on as it is. */
    private static <T> T read(final Response answer, final Class<T> type) throws Unanswered {
        if (answer.status() != 200) {
            throw new Unanswered(answer);
        }
        try {
            return JSON.readValue(answer.body(), type);
        } catch (final IOException e) {
            throw new Unanswered(Response.unavailable("another instance answered what this one cannot read: "
                    + e.getClass().getSimpleName()));
        }
    }
}
