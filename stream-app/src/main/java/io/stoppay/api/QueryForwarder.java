package io.stoppay.api;

import io.stoppay.api.tls.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a request on to another instance (the one that owns its key, or one that holds part of a
 * list), marked as forwarded so that the other instance answers from its own state or says 503 (it
 * may have lost the key in a rebalance) instead of forwarding again; its answer is passed back as it
 * is. The request's method, query, body, {@code Content-Type} and {@code Authorization} header go with it, so that the
 * other instance checks the same caller.
 */
public final class QueryForwarder {

    /** Set on a forwarded request: answer from this instance's state only. */
    public static final String FORWARDED_HEADER = "X-StopPay-Forwarded";
    /** On an answer that came from another instance: which one, host:port (it audited the read). */
    public static final String ANSWERED_BY_OWNER = "X-StopPay-Answered-By";
    /**
     * Set on a forwarded request: the address of the client the forwarding instance answers, for the
     * owner's read audit; the owner believes it only from another instance ({@link ForwardedFor}).
     */
    public static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final String AUTHORIZATION = "Authorization";
    private static final String CONTENT_TYPE = "Content-Type";

    private final HttpClient client;
    private final String scheme;
    private final Duration timeout;

    /**
     * {@code timeout}: to connect, and for the whole answer; {@code transport}: how the other
     * instances are reached (over HTTPS, only an instance whose certificate the transport trusts,
     * for the host name asked, is answered).
     */
    public QueryForwarder(final Duration timeout, final HttpTransport transport) {
        this.client = transport.client().connectTimeout(timeout).build();
        this.scheme = transport.scheme();
        this.timeout = timeout;
    }

    /** Whether {@code request} came from another instance, which wants this instance's own answer. */
    public static boolean forwarded(final Request request) {
        return request.header(FORWARDED_HEADER).isPresent();
    }

    /** Sends {@code request} to {@code owner} at {@code /<pathSegments…>}, each segment URL-encoded. */
    public Response forward(final HostInfo owner, final Request request, final List<String> pathSegments)
            throws InterruptedException {
        final String path = pathSegments.stream().map(QueryForwarder::encode).collect(Collectors.joining("/", "/", ""));
        final String query = request.query().entrySet().stream()
                .map(param -> encode(param.getKey()) + "=" + encode(param.getValue()))
                .collect(Collectors.joining("&"));
        final URI uri = URI.create(scheme + "://" + owner.host() + ":" + owner.port() + path + (query.isEmpty() ? "" : "?" + query));
        final HttpRequest.Builder forwarded = HttpRequest.newBuilder(uri).timeout(timeout).header(FORWARDED_HEADER, "true")
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.header(AUTHORIZATION).ifPresent(value -> forwarded.header(AUTHORIZATION, value));
        request.header(CONTENT_TYPE).ifPresent(value -> forwarded.header(CONTENT_TYPE, value));
        forwarded.header(FORWARDED_FOR, request.remoteAddress());
        try {
            final HttpResponse<byte[]> answer = client.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(answer.statusCode(),
                    answer.headers().firstValue(CONTENT_TYPE).orElse("application/json"), answer.body(),
                    Map.of(ANSWERED_BY_OWNER, owner.host() + ":" + owner.port()));
        } catch (final IOException e) {
            return Response.unavailable("the instance " + owner.host() + ":" + owner.port()
                    + " did not answer: " + e.getClass().getSimpleName());
        }
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
