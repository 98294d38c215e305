package io.stoppay.api;

import static io.stoppay.testing.AtTheEdge.guarded;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoppay.access.Access;
import io.stoppay.access.Role;
import io.stoppay.admin.InMemoryListMaintenance;
import io.stoppay.config.StopPayConfig;
import io.stoppay.restriction.ListingKey;
import io.stoppay.restriction.SubjectKey;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import stoppay.v1.ListAudit;
import stoppay.v1.RiskListEntry;

/**
 * The admin API behind the access model, as {@code StopPayApp} wires it: who gets through, who is
 * recorded as the operator, and the input checks that answer before anything is written. Changes
 * go to an in-memory producer, so what was written can be read back without a broker.
 */
class AdminEndpointsTest {

    private static final String ADMIN_TOKEN = "admin-token-0123456789abcdef";
    private static final String OFFICER_TOKEN = "officer-token-0123456789abcdef";
    private static final String ANALYST_TOKEN = "analyst-token-0123456789abcdef";
    private static final String ACCESS_FILE = "principals:\n"
            + "  - {name: list-admin-01, token-sha256: " + Access.sha256Hex(ADMIN_TOKEN) + ", roles: [ADMIN]}\n"
            + "  - {name: officer-320623, token-sha256: " + Access.sha256Hex(OFFICER_TOKEN) + ", roles: [OFFICER], "
            + "regions: [\"320623\"]}\n"
            + "  - {name: analyst-0102, token-sha256: " + Access.sha256Hex(ANALYST_TOKEN) + ", roles: [ANALYST], "
            + "banks: [\"0102\"]}\n";
    private static final String ENTRY = "{\"subjectType\":\"ACCOUNT\",\"subjectId\":\"6222020000000001\","
            + "\"listType\":\"FRAUD_ACCOUNT\",\"riskLevel\":3,\"source\":\"police-320623\"";
    /** No listing stands anywhere: every subject is new to the lists. */
    private static final Function<SubjectKey, Map<ListingKey, RiskListEntry>> NOTHING_LISTED = subject -> Map.of();

    private final InMemoryListMaintenance lists = new InMemoryListMaintenance(Topics.from(StopPayConfig.of(Map.of())),
            Clock.systemUTC());
    private final Endpoint admin = guarded(Access.of(ACCESS_FILE, new SimpleMeterRegistry()), Set.of(Role.ADMIN),
            new AdminEndpoints(lists.maintenance(), NOTHING_LISTED, null, Clock.systemUTC()));

    private static Request post(final List<String> path, final Map<String, String> query, final String body,
                                final String token) {
        final Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("authorization", "Bearer " + token);
        }
        headers.put("content-type", path.equals(List.of("bulk")) ? "text/csv" : "application/json; charset=utf-8");
        return new Request("POST", path, query, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Request asAdmin(final List<String> path, final String body) {
        return post(path, Map.of(), body, ADMIN_TOKEN);
    }

    private static String error(final Response response) throws Exception {
        return Response.JSON.readTree(response.body()).get("error").asText();
    }

    private static String body(final Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "token: {0}")
    @ValueSource(strings = {"", "not-a-token-of-the-access-file"})
    void shouldAnswer401WithoutAKnownTokenAndWriteNothing(final String token) throws Exception {
        final Response response = admin.handle(post(List.of(), Map.of(), ENTRY + "}", token.isEmpty() ? null : token));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers()).containsKey("WWW-Authenticate");
        assertThat(body(response)).doesNotContain("6222020000000001");
        assertThat(lists.committedAudits()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {OFFICER_TOKEN, ANALYST_TOKEN})
    void shouldAnswer403ToAPrincipalWithoutTheAdminRole(final String token) throws Exception {
        final Response response = admin.handle(post(List.of(), Map.of(), ENTRY + "}", token));

        assertThat(response.status()).isEqualTo(403);
        assertThat(error(response)).isEqualTo("forbidden: this needs the role ADMIN");
        assertThat(lists.committedAudits()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"}", ",\"operator\":\"list-admin-01\"}", ",\"operator\":\"  \"}"})
    void shouldRecordThePrincipalAsTheOperatorOfAListing(final String rest) throws Exception {
        final Response response = admin.handle(asAdmin(List.of(), ENTRY + rest));

        assertThat(response.status()).as(body(response)).isEqualTo(201);
        assertThat(Response.JSON.readTree(response.body()).get("operator").asText()).isEqualTo("list-admin-01");
        assertThat(lists.committedAudits()).singleElement().extracting(ListAudit::getOperator)
                .isEqualTo("list-admin-01");
    }

    @Test
    void shouldRecordThePrincipalAsTheOperatorOfABulkLoad() throws Exception {
        final String csv = "subjectType,subjectId,listType,riskLevel,source\n"
                + "ACCOUNT,6222020000000002,FRAUD_ACCOUNT,3,police-320623\n";

        final Response response = admin.handle(post(List.of("bulk"), Map.of(), csv, ADMIN_TOKEN));

        assertThat(response.status()).as(body(response)).isEqualTo(200);
        assertThat(body(response)).contains("\"loaded\":1", "\"operator\":\"list-admin-01\"");
        assertThat(lists.committedAudits()).extracting(ListAudit::getOperator).containsExactly("list-admin-01");
    }

    @Test
    void shouldRefuseAListingThatNamesAnotherOperator() throws Exception {
        final Response response = admin.handle(asAdmin(List.of(), ENTRY + ",\"operator\":\"alice\"}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response)).isEqualTo(
                "operator: comes from the token, whose principal is list-admin-01; leave it out or send that name");
        assertThat(lists.committedAudits()).isEmpty();
    }

    @Test
    void shouldRefuseABulkLoadThatNamesAnotherOperator() throws Exception {
        final Response response = admin.handle(post(List.of("bulk"), Map.of("operator", "alice"),
                "subjectType\n", ADMIN_TOKEN));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response)).startsWith("operator: comes from the token");
        assertThat(lists.committedAudits()).isEmpty();
    }

    @Test
    void shouldRefuseAReleaseThatNamesAnotherOperator() throws Exception {
        final Response response = admin.handle(asAdmin(List.of("ACCOUNT", "1", "release"),
                "{\"reason\":\"appeal upheld\",\"operator\":\"bob\"}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response)).startsWith("operator: comes from the token");
    }

    @Test
    void shouldRefuseAnotherMethodThanPost() throws Exception {
        final Request get = new Request("GET", List.of(), Map.of(), Map.of("authorization", "Bearer " + ADMIN_TOKEN),
                new byte[0]);

        final Response response = admin.handle(get);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "POST");
    }

    @Test
    void shouldRefuseABodyOfAnotherMediaTypeWith415AndWriteNothing() throws Exception {
        final Map<String, String> asText = Map.of("authorization", "Bearer " + ADMIN_TOKEN, "content-type", "text/plain");
        final byte[] entry = ("{\"subjectType\":\"ACCOUNT\",\"subjectId\":\"1\",\"listType\":\"FRAUD_ACCOUNT\","
                + "\"riskLevel\":3,\"source\":\"s\"}").getBytes(StandardCharsets.UTF_8);

        final Response listing = admin.handle(new Request("POST", List.of(), Map.of(), asText, entry));
        final Response untyped = admin.handle(new Request("POST", List.of(), Map.of(),
                Map.of("authorization", "Bearer " + ADMIN_TOKEN), entry));
        final Response bulkAsJson = admin.handle(new Request("POST", List.of("bulk"), Map.of(),
                Map.of("authorization", "Bearer " + ADMIN_TOKEN, "content-type", "application/json"), entry));

        assertThat(listing.status()).isEqualTo(415);
        assertThat(error(listing)).isEqualTo("Content-Type: send the body as application/json");
        assertThat(untyped.status()).isEqualTo(415);
        assertThat(bulkAsJson.status()).isEqualTo(415);
        assertThat(error(bulkAsJson)).isEqualTo("Content-Type: send the body as text/csv");
        assertThat(lists.committedAudits()).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "not json                                                     | body: not valid JSON",
        "[1, 2]                                                       | body: must be a JSON object",
        "{'operator':7}                                               | operator: must be a string",
        "{'operator':'list-admin-01'}                                 | subjectType: required",
        "{'subjectType':'SHOE'}                                       | subjectType: must be one of [ACCOUNT, CARD, PHONE, ID_NUMBER, DEVICE, IP, MERCHANT]",
        "{'subjectType':'ACCOUNT','subjectId':'1','listType':'FRAUD_ACCOUNT','riskLevel':'3'} | riskLevel: must be an integer",
        "{'subjectType':'ACCOUNT','subjectId':'1','listType':'FRAUD_ACCOUNT','riskLevel':3,'source':'s','expiresAt':'tomorrow'} | expiresAt: must be an ISO-8601 instant such as 2026-12-31T00:00:00Z",
    })
    void shouldRefuseABadEntryNamingTheField(final String body, final String expected) throws Exception {
        final Response response = admin.handle(asAdmin(List.of(), body.replace('\'', '"')));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response)).isEqualTo(expected);
    }

    @Test
    void shouldRefuseAReleaseWithoutItsReason() throws Exception {
        final Response response = admin.handle(asAdmin(List.of("ACCOUNT", "1", "release"), "{}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("reason: required");
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownAdminPath() throws Exception {
        assertThat(admin.handle(asAdmin(List.of("ACCOUNT", "1", "delete"), "{}")).status()).isEqualTo(404);
    }
}
