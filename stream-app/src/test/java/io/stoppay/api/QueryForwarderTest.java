package io.stoppay.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request sent on to another instance, here a real server that echoes what reached it: the same
 * method, path, query, body and caller, marked as forwarded.
 */
class QueryForwarderTest {

    private static HttpApi other;

    @BeforeAll
    static void serve() throws Exception {
        other = HttpApi.bind("127.0.0.1", 0, 1, List.of());
        other.route("/v1/", 1024, request -> Response.json(200, Map.of("method", request.method(),
                "path", request.pathParams(), "query", request.query(), "body", request.bodyText(),
                "authorization", request.header("Authorization").orElse(""),
                "forwarded", QueryForwarder.forwarded(request)))).start();
    }

    @AfterAll
    static void stop() {
        other.close();
    }

    @Test
    void shouldSendTheRequestOnAsItCameMarkedAsForwarded() throws Exception {
        final Request request = new Request("POST", List.of("x"), Map.of("region", "320623", "note", "a&b c"),
                Map.of("authorization", "Bearer t0ken", "cookie", "not-passed-on"),
                "{\"outcome\":\"DISSUADED\"}".getBytes(StandardCharsets.UTF_8));

        final Response answer = new QueryForwarder(Duration.ofSeconds(5)).forward(new HostInfo("127.0.0.1", other.port()),
                request, List.of("v1", "console", "warnings", "a/b c"));

        final JsonNode echo = new ObjectMapper().readTree(answer.body());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("path")).extracting(JsonNode::asText).containsExactly("console", "warnings", "a/b c");
        assertThat(echo.at("/query/region").asText()).isEqualTo("320623");
        assertThat(echo.at("/query/note").asText()).isEqualTo("a&b c");
        assertThat(echo.get("body").asText()).isEqualTo("{\"outcome\":\"DISSUADED\"}");
        assertThat(echo.get("authorization").asText()).isEqualTo("Bearer t0ken");
        assertThat(echo.get("forwarded").asBoolean()).isTrue();
    }

    @Test
    void shouldAnswer503WhenTheOtherInstanceDoesNotAnswer() throws Exception {
        final Request request = new Request("GET", List.of(), Map.of(), Map.of(), new byte[0]);

        final Response answer = new QueryForwarder(Duration.ofSeconds(2)).forward(new HostInfo("127.0.0.1", 1), request,
                List.of("v1", "subjects"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.headers()).containsEntry("Retry-After", "1");
    }
}
