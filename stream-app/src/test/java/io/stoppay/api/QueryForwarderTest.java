package io.stoppay.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stoppay.access.Access;
import io.stoppay.api.tls.HttpTransport;
import io.stoppay.config.StopPayConfig;
import io.stoppay.testing.TestTls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request sent on to another instance, here a real server that echoes what reached it: the same
 * method, path, query, body and caller, marked as forwarded; over HTTPS only to an instance whose
 * certificate the forwarder trusts.
 */
class QueryForwarderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The caller the echoing instance knows, so that it reads the bodies sent to it. */
    private static final Access ACCESS = Access.of("principals:\n  - {name: forwarding-test, token-sha256: "
            + Access.sha256Hex("t0ken") + ", roles: [OFFICER], regions: [\"*\"]}\n", new SimpleMeterRegistry());

    @TempDir
    static Path dir;

    private static HttpApi other;
    private static HttpApi otherOverHttps;
    private static TestTls otherKey;

    @BeforeAll
    static void serve() throws Exception {
        other = echo(HttpTransport.plaintext());
        otherKey = TestTls.create(dir.resolve("other"));
        otherOverHttps = echo(transportOf(otherKey));
    }

    private static HttpApi echo(final HttpTransport transport) throws Exception {
        final HttpApi api = HttpApi.bind("127.0.0.1", 0, 1, List.of(), transport, new SimpleMeterRegistry());
        api.identify(ACCESS::identify).route("/v1/", 1024, request -> Response.json(200, Map.of("method", request.method(),
                "path", request.pathParams(), "query", request.query(), "body", request.bodyText(),
                "authorization", request.header("Authorization").orElse(""),
                "contentType", request.header("Content-Type").orElse(""),
                "forwarded", QueryForwarder.forwarded(request)))).start();
        return api;
    }

    /** HTTPS with {@code tls}'s key, trusting its own certificate (the default of a configured instance). */
    private static HttpTransport transportOf(final TestTls tls) {
        return HttpTransport.from(StopPayConfig.of(tls.pemSettings()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        other.close();
        otherOverHttps.close();
    }

    @Test
    void shouldForwardOverHttpsToAnInstanceWithTheCertificateItTrusts() throws Exception {
        // Given an instance with the same certificate as the other's (it trusts its own by default)
        final QueryForwarder forwarder = new QueryForwarder(TIMEOUT, transportOf(otherKey));
        final Request request = new Request("GET", List.of(), Map.of(), Map.of("authorization", "Bearer t0ken"),
                new byte[0]);

        // When
        final Response answer = forwarder.forward(new HostInfo("localhost", otherOverHttps.port()), request,
                List.of("v1", "subjects", "ACCOUNT", "1"));

        // Then
        final JsonNode echo = new ObjectMapper().readTree(answer.body());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(echo.get("authorization").asText()).isEqualTo("Bearer t0ken");
        assertThat(echo.get("forwarded").asBoolean()).isTrue();
    }

    @Test
    void shouldNotForwardToAnInstanceWhoseCertificateItDoesNotTrust() throws Exception {
        // Given an instance with a certificate of its own, and no trust configured for the other's
        final QueryForwarder forwarder = new QueryForwarder(TIMEOUT, transportOf(TestTls.create(dir.resolve("self"))));
        final Request request = new Request("GET", List.of(), Map.of(), Map.of("authorization", "Bearer t0ken"),
                new byte[0]);

        // When
        final Response answer = forwarder.forward(new HostInfo("localhost", otherOverHttps.port()), request,
                List.of("v1", "subjects", "ACCOUNT", "1"));

        // Then the handshake fails: nothing (not the caller's token) was sent
        assertThat(answer.status()).isEqualTo(503);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("did not answer: SSLHandshakeException");
    }

    @Test
    void shouldForwardToAnInstanceSignedByTheConfiguredTrust() throws Exception {
        // Given an instance with a certificate of its own that trusts the other's as its CA bundle
        final TestTls own = TestTls.create(dir.resolve("own"));
        final Map<String, String> settings = new HashMap<>(own.pemSettings());
        settings.put(StopPayConfig.HTTP_TLS_TRUST, otherKey.certificatePem().toString());
        final QueryForwarder forwarder = new QueryForwarder(TIMEOUT,
                HttpTransport.from(StopPayConfig.of(settings), Clock.systemUTC()));

        // When
        final Response answer = forwarder.forward(new HostInfo("127.0.0.1", otherOverHttps.port()),
                new Request("GET", List.of(), Map.of(), Map.of(), new byte[0]), List.of("v1", "x"));

        // Then
        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void shouldSendTheRequestOnAsItCameMarkedAsForwarded() throws Exception {
        final Request request = new Request("POST", List.of("x"), Map.of("region", "320623", "note", "a&b c"),
                Map.of("authorization", "Bearer t0ken", "cookie", "not-passed-on", "content-type", "application/json"),
                "{\"outcome\":\"DISSUADED\"}".getBytes(StandardCharsets.UTF_8));

        final Response answer = new QueryForwarder(TIMEOUT, HttpTransport.plaintext()).forward(new HostInfo("127.0.0.1", other.port()),
                request, List.of("v1", "console", "warnings", "a/b c"));

        final JsonNode echo = new ObjectMapper().readTree(answer.body());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("path")).extracting(JsonNode::asText).containsExactly("console", "warnings", "a/b c");
        assertThat(echo.at("/query/region").asText()).isEqualTo("320623");
        assertThat(echo.at("/query/note").asText()).isEqualTo("a&b c");
        assertThat(echo.get("body").asText()).isEqualTo("{\"outcome\":\"DISSUADED\"}");
        assertThat(echo.get("authorization").asText()).isEqualTo("Bearer t0ken");
        assertThat(echo.get("contentType").asText()).isEqualTo("application/json");
        assertThat(echo.get("contentType").asText()).isEqualTo("application/json");
        assertThat(echo.get("forwarded").asBoolean()).isTrue();
    }

    @Test
    void shouldAnswer503WhenTheOtherInstanceDoesNotAnswer() throws Exception {
        final Request request = new Request("GET", List.of(), Map.of(), Map.of(), new byte[0]);

        final Response answer = new QueryForwarder(Duration.ofSeconds(2), HttpTransport.plaintext()).forward(new HostInfo("127.0.0.1", 1), request,
                List.of("v1", "subjects"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.headers()).containsEntry("Retry-After", "1");
    }
}
