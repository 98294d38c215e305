package io.stoppay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** A real HTTP(S) client for tests of the HTTP API, with the answer's body as JSON when it is JSON. */
public final class HttpCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    private final HttpClient client;
    private final String base;
    private final String[] credentials;

    /** Anonymous calls to {@code http://localhost:port}. */
    public HttpCalls(final int port) {
        this(PLAIN, "http://localhost:" + port, new String[0]);
    }

    private HttpCalls(final HttpClient client, final String base, final String[] credentials) {
        this.client = client;
        this.base = base;
        this.credentials = credentials;
    }

    /** Anonymous calls to {@code https://localhost:port}, trusting only what {@code trust} trusts. */
    public static HttpCalls https(final int port, final SSLContext trust) {
        return new HttpCalls(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).sslContext(trust).build(),
                "https://localhost:" + port, new String[0]);
    }

    /** The same calls, each with {@code Authorization: Bearer token} unless a call gives its own. */
    public HttpCalls as(final String token) {
        return new HttpCalls(client, base, new String[] {"Authorization", "Bearer " + token});
    }

    /** An answer: status, raw body, and the body as JSON (null when it is not JSON). */
    public record Answer(int status, String body, JsonNode json) {

        public String error() {
            return json == null || json.get("error") == null ? null : json.get("error").asText();
        }
    }

    /** GET; {@code headers} as name, value pairs. */
    public Answer get(final String path, final String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers));
    }

    /** POST with a body; {@code headers} as name, value pairs. */
    public Answer post(final String path, final String contentType, final String body, final String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)), headers));
    }

    private HttpRequest.Builder withHeaders(final HttpRequest.Builder request, final String... headers) {
        boolean ownAuthorization = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            ownAuthorization |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (!ownAuthorization && credentials.length == 2) {
            request.header(credentials[0], credentials[1]);
        }
        return request;
    }

    private Answer send(final HttpRequest.Builder request) {
        try {
            final HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            final boolean json = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            return new Answer(response.statusCode(), response.body(), json ? JSON.readTree(response.body()) : null);
        } catch (final IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
