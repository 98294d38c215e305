package io.stoppay.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a query on to the instance that owns its key, marked as forwarded so that the owner
 * answers itself or says 503 (it may have lost the key in a rebalance) instead of forwarding
 * again; the owner's answer is passed back as it is. The caller's {@code Authorization} header goes
 * with it: the owner checks the caller itself, trusting no other instance's word.
 */
public final class QueryForwarder {

    static final String FORWARDED_HEADER = "X-StopPay-Forwarded";
    /** On an answer that came from the instance owning the key: who that was (the owner audited it). */
    public static final String ANSWERED_BY_OWNER = "X-StopPay-Answered-By";

    private final HttpClient client;
    private final Duration timeout;

    QueryForwarder(final Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    Response forward(final HostInfo owner, final Request original, final String... pathSegments)
            throws InterruptedException {
        final StringBuilder path = new StringBuilder();
        for (final String segment : pathSegments) {
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        final URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + path);
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header(FORWARDED_HEADER, "true").header("Authorization", original.header("Authorization").orElse(""))
                .header("X-Forwarded-For", original.remoteAddress()).GET().build();
        try {
            final HttpResponse<byte[]> answer = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse("application/json"), answer.body(),
                    Map.of(ANSWERED_BY_OWNER, owner.host() + ":" + owner.port()));
        } catch (final IOException e) {
            return Response.unavailable("the instance that owns this key (" + owner.host() + ":" + owner.port()
                    + ") did not answer: " + e.getClass().getSimpleName());
        }
    }
}
