package io.stoppay.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoppay.access.Access;
import io.stoppay.access.Role;
import io.stoppay.api.tls.HttpTransport;
import io.stoppay.testing.ProductionLogs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP server on a real socket, with routes that show what an endpoint receives: prefix routing
 * and URL-decoded path segments, the caller identified before the body is read, the body limit, the
 * one-line errors, HEAD and 405, static files, its threads, what Jetty refuses counted, and logs that
 * never carry a path.
 */
class HttpApiTest {

    private static final String CARD = "6222000000000100001";
    private static final int THREADS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final AtomicInteger LIMITED_CALLS = new AtomicInteger();
    private static final String ADMIN_TOKEN = "admin-token-0123456789abcdef";
    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    private static final Access ACCESS = Access.of("principals:\n  - {name: admin, token-sha256: "
            + Access.sha256Hex(ADMIN_TOKEN) + ", roles: [ADMIN]}\n", REGISTRY);

    private static HttpApi api;
    private static HttpResponse<String> beforeStart;

    @BeforeAll
    static void serve() throws Exception {
        api = HttpApi.bind("127.0.0.1", 0, THREADS, List.of(new HttpApi.StaticFiles("/files", "/http-api-test")),
                HttpTransport.plaintext(), REGISTRY);
        beforeStart = get("/echo/x");
        api.identify(ACCESS::identify).route("/echo/", 0, request -> Response.json(200, Map.of("method", request.method(),
                        "path", request.pathParams(), "query", request.query(),
                        "header", request.header("X-Test").orElse(""))))
                .route("/limited", 8, ACCESS.require(Set.of(Role.ADMIN), (request, caller) -> {
                    LIMITED_CALLS.incrementAndGet();
                    return Response.json(200, Map.of("bytes", request.body().length));
                }))
                .route("/get-only", 0, request -> request.method().equals("GET") ? Response.json(200, Map.of("got", true))
                        : Response.methodNotAllowed("GET"))
                .route("/boom/", 0, request -> {
                    throw new IllegalStateException("broken");
                })
                .start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void shouldKnowItsPortWhenBoundAndAnswer503UntilStarted() {
        assertThat(api.port()).isPositive();
        assertThat(beforeStart.statusCode()).isEqualTo(503);
        assertThat(beforeStart.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void shouldPassTheSegmentsAfterThePrefixUrlDecodedOneByOne() throws Exception {
        final HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/echo/a%2Fb/+86%20139/..?x=1%262&y"))
                .header("X-Test", "seen"));

        final JsonNode json = JSON.readTree(answer.body());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(json.get("method").asText()).isEqualTo("GET");
        assertThat(json.get("path")).extracting(JsonNode::asText).containsExactly("a/b", "+86 139", "..");
        assertThat(json.at("/query/x").asText()).isEqualTo("1&2");
        assertThat(json.at("/query/y").asText()).isEmpty();
        assertThat(json.get("header").asText()).isEqualTo("seen");
    }

    @Test
    void shouldRefuseAPathParameterBeforeAnyEndpointSoThatACredentialInItReachesNothing() throws Exception {
        final int before = LIMITED_CALLS.get();

        final HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/limited/6222;token=s3cret-in-path")));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("';' parameters are not accepted").doesNotContain("s3cret");
        assertThat(LIMITED_CALLS.get()).isEqualTo(before);
        assertThat(send(HttpRequest.newBuilder(uri("/echo/a%3Bb"))).body()).as("an encoded ';' is an identifier's")
                .contains("a;b");
    }

    /** Attack on issue 18: auth_token, id_token, x_api_key, token%00 and token[] got through, as did any name on a file. */
    @ParameterizedTest
    @ValueSource(strings = {"token", "access_token", "Api_Key", "api-key", "apiKey", "auth_token", "id_token",
            "x_api_key", "token%00", "token%5B%5D", "X-Auth", "client_secret", "password", "jwt", "session"})
    void shouldRefuseACredentialInTheQueryOnEveryPathBeforeAnyRoute(final String name) throws Exception {
        final int before = LIMITED_CALLS.get();

        for (final String path : List.of("/limited/6222", "/files/hello.txt", "/nowhere")) {
            final HttpResponse<String> answer = get(path + "?" + name + "=s3cret-in-query");

            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(answer.body()).as(path).contains("Authorization header").doesNotContain("s3cret");
        }
        assertThat(LIMITED_CALLS.get()).as("no route saw it").isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"region", "limit", "id", "type", "from", "to", "format", "operator", "principal", "day"})
    void shouldTakeStopPaysOwnQueryParameters(final String name) throws Exception {
        assertThat(get("/echo/x?" + name + "=1").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAnAnnouncedOversizedBodyBeforeReadingIt() throws IOException {
        final int before = LIMITED_CALLS.get();

        final String statusLine = rawStatusLine("POST /limited HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + ADMIN_TOKEN + "\r\nContent-Length: 9\r\n\r\n");

        assertThat(statusLine).startsWith("HTTP/1.1 413");
        assertThat(LIMITED_CALLS.get()).isEqualTo(before);
    }

    @Test
    void shouldRefuseACallerWithoutAValidTokenWith401WithoutReadingItsBody() throws Exception {
        // The body announced is never sent: a server that read it would wait, and answer 413 first.
        final String announced = rawStatusLine("POST /limited HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + "not-a-token\r\nContent-Length: 1000000\r\n\r\n");
        final HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/limited")).POST(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[9]))));

        assertThat(announced).startsWith("HTTP/1.1 401");
        assertThat(chunked.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldRefuseAnUnannouncedOversizedBodyAndTakeOneWithinTheLimit() throws Exception {
        final HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/limited")).header("Authorization",
                "Bearer " + ADMIN_TOKEN).POST(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[9]))));
        final HttpResponse<String> small = send(HttpRequest.newBuilder(uri("/limited"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[8])));

        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(chunked.body()).get("error").asText()).isEqualTo("body: larger than 8 bytes");
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(small.body()).get("bytes").asInt()).isEqualTo(8);
    }

    @Test
    void shouldAnswerHeadWithoutABody() throws Exception {
        final HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/echo/x"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void shouldAnswerHeadOnAGetRouteAsGetAndName405sAllowedMethods() throws Exception {
        final HttpResponse<String> head = send(HttpRequest.newBuilder(uri("/get-only"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        final HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/get-only"))
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(JSON.readTree(post.body()).get("error").asText()).isEqualTo("method: use GET");
    }

    @Test
    void shouldCountWhatJettyRefusesBeforeAnyRoute() throws Exception {
        final String longUri = rawStatusLine("GET /echo/" + "9".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        final String bigHeaders = rawStatusLine("GET /echo/x HTTP/1.1\r\nHost: localhost\r\nX-Test: "
                + "x".repeat(20_000) + "\r\n\r\n");

        assertThat(longUri).startsWith("HTTP/1.1 414");
        assertThat(bigHeaders).startsWith("HTTP/1.1 431");
        assertThat(REGISTRY.counter("stoppay.http.refused.before.route", "status", "414").count()).isEqualTo(1);
        assertThat(REGISTRY.counter("stoppay.http.refused.before.route", "status", "431").count()).isEqualTo(1);
    }

    @Test
    void shouldSendTheSecurityHeadersOnPagesAndApiAnswersAlike() throws Exception {
        for (final HttpResponse<String> answer : List.of(get("/files/hello.txt"), get("/echo/x"), get("/nowhere"))) {
            HttpApi.SECURITY_HEADERS.forEach((name, value) ->
                    assertThat(answer.headers().firstValue(name)).as(name).contains(value));
        }
    }

    @Test
    void shouldJoinAHeaderSentTwiceRatherThanLetTheLastWin() throws Exception {
        final HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/echo/x"))
                .header("X-Test", "first").header("X-Test", "second").GET());

        assertThat(JSON.readTree(answer.body()).get("header").asText()).isEqualTo("first, second");
    }

    @Test
    void shouldServeStaticFilesFromTheClasspath() throws Exception {
        final HttpResponse<String> file = get("/files/hello.txt");

        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("hello from the classpath\n");
    }

    @Test
    void shouldServeRequestsOnTheConfiguredNumberOfDaemonThreads() throws Exception {
        assertThat(get("/echo/x").statusCode()).isEqualTo(200);

        final List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("stoppay-http")).toList();
        // Jetty's acceptor and selector beside the threads that serve requests.
        assertThat(threads).hasSize(THREADS + 2).allMatch(Thread::isDaemon);
    }

    @Test
    void shouldAnswerEveryErrorAsOneLineOfJsonAndNeverLogThePath() throws Exception {
        final double refusedBefore = REGISTRY.counter("stoppay.http.refused.before.route", "status", "400").count();
        final List<String> logs;
        final HttpResponse<String> unknown;
        final HttpResponse<String> failed;
        final String malformed;
        final HttpResponse<String> nul;
        try (ProductionLogs production = new ProductionLogs()) {
            unknown = get("/nowhere/" + CARD);
            failed = get("/boom/" + CARD);
            malformed = rawStatusLine("GET /echo/" + CARD + "%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");
            nul = get("/echo/" + CARD + "%00");
            get("/files/" + CARD);
            logs = production.lines();
        }

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"path: no such endpoint\"}");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("{\"error\":\"internal error; see the instance's log\"}");
        assertThat(malformed).startsWith("HTTP/1.1 400");
        assertThat(nul.statusCode()).isEqualTo(400); // refused by Jetty itself
        assertThat(nul.body()).isEqualTo("{\"error\":\"request: refused (Bad Request)\"}");
        assertThat(REGISTRY.counter("stoppay.http.refused.before.route", "status", "400").count() - refusedBefore)
                .as("the malformed escape and the NUL").isEqualTo(2);
        assertThat(logs).anySatisfy(line -> assertThat(line).contains("request failed", "route=\"/boom/\"", "broken"));
        assertThat(logs).noneMatch(line -> line.contains(CARD));
    }

    private static URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    private static HttpResponse<String> get(final String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    private static HttpResponse<String> send(final HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status line the server answers to a request written as is (no client to fix it up). */
    private static String rawStatusLine(final String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            final InputStream in = socket.getInputStream();
            final StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
