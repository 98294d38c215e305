package io.stoppay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.restriction.ListingKey;
import io.stoppay.restriction.SubjectKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import stoppay.v1.RiskListEntry;

/**
 * The admin API's gate and its input checks, which answer before anything reaches Kafka (here
 * there is no Kafka at all: a request that got through would fail the test).
 */
class AdminEndpointsTest {

    private static final String TOKEN = "unit-test-token-0123456789";
    /** Reading the lists topic: a request that got this far would fail the test. */
    private static final Function<SubjectKey, Map<ListingKey, RiskListEntry>> NO_KAFKA = subject -> {
        throw new AssertionError("reached Kafka for " + subject);
    };

    private final AdminEndpoints admin = new AdminEndpoints(Optional.of(TOKEN), Optional.empty(), NO_KAFKA, null,
            Clock.systemUTC());

    private static Request post(final List<String> path, final String body, final Map<String, String> headers) {
        return new Request("POST", path, Map.of(), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Request authorized(final List<String> path, final String body) {
        return post(path, body, Map.of("authorization", "Bearer " + TOKEN));
    }

    private static String error(final Response response) throws Exception {
        return Response.JSON.readTree(response.body()).get("error").asText();
    }

    @Test
    void shouldRefuseEveryCallWhenNoTokenIsConfigured() throws Exception {
        final AdminEndpoints disabled = new AdminEndpoints(Optional.empty(), Optional.empty(), NO_KAFKA, null,
                Clock.systemUTC());

        final Response response = disabled.handle(authorized(List.of(), "{}"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(error(response)).contains("stoppay.admin.token is not set");
    }

    @Test
    void shouldRefuseAWrongTokenAndAskForABearerToken() throws Exception {
        final Response response = admin.handle(post(List.of(), "{}", Map.of("authorization", "Bearer guess")));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers()).containsKey("WWW-Authenticate");
        assertThat(error(response)).isEqualTo("Authorization: wrong token");
    }

    @Test
    void shouldRefuseAnotherMethodThanPost() {
        final Request get = new Request("GET", List.of(), Map.of(), Map.of("authorization", "Bearer " + TOKEN),
                new byte[0]);

        assertThat(admin.handle(get).status()).isEqualTo(405);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "not json                                                     | body: not valid JSON",
        "[1, 2]                                                       | body: must be a JSON object",
        "{'subjectType':'ACCOUNT'}                                    | operator: required",
        "{'operator':'alice'}                                         | subjectType: required",
        "{'operator':'alice','subjectType':'SHOE'}                    | subjectType: must be one of [ACCOUNT, CARD, PHONE, ID_NUMBER, DEVICE, IP, MERCHANT]",
        "{'operator':'alice','subjectType':'ACCOUNT','subjectId':'1','listType':'FRAUD_ACCOUNT','riskLevel':'3'} | riskLevel: must be an integer",
        "{'operator':'alice','subjectType':'ACCOUNT','subjectId':'1','listType':'FRAUD_ACCOUNT','riskLevel':3,'source':'s','expiresAt':'tomorrow'} | expiresAt: must be an ISO-8601 instant such as 2026-12-31T00:00:00Z",
    })
    void shouldRefuseABadEntryNamingTheField(final String body, final String expected) throws Exception {
        final Response response = admin.handle(authorized(List.of(), body.replace('\'', '"')));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response)).isEqualTo(expected);
    }

    @Test
    void shouldRefuseAReleaseWithoutItsReason() throws Exception {
        final Response response = admin.handle(authorized(List.of("ACCOUNT", "1", "release"), "{\"operator\":\"bob\"}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("reason: required");
    }

    @Test
    void shouldRefuseABulkLoadWithoutItsOperator() throws Exception {
        final Response response = admin.handle(authorized(List.of("bulk"), "subjectType\n"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("operator: required (query parameter)");
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownAdminPath() {
        assertThat(admin.handle(authorized(List.of("ACCOUNT", "1", "delete"), "{}")).status()).isEqualTo(404);
    }
}
