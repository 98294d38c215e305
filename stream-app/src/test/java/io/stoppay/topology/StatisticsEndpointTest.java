package io.stoppay.topology;

import static io.stoppay.topology.Payments.holder;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoppay.testing.AtTheEdge;
import io.stoppay.access.Access;
import io.stoppay.access.Role;
import io.stoppay.api.Csv;
import io.stoppay.api.Endpoint;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import io.stoppay.api.StatisticsEndpoint;
import io.stoppay.statistics.StatisticsBatcher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /v1/statistics/...} over the global store a topology filled, behind the access check as
 * StopPay serves it: JSON, CSV, a one-line 4xx naming what is wrong with each bad request, and an
 * officer who sees its own region only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one topology for all: requests only read its store
class StatisticsEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** "Today" for the endpoint: the day after {@link Payments#T0}'s, in Beijing. */
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-24T03:00:00Z"), ZoneId.of("Asia/Shanghai"));

    private static final String ADMIN_TOKEN = "admin-token-0123456789abcdef";
    private static final String OFFICER_TOKEN = "officer-token-0123456789abcdef";
    private static final String ACCESS_FILE = "principals:\n"
            + "  - {name: admin, token-sha256: " + sha256(ADMIN_TOKEN) + ", roles: [ADMIN]}\n"
            + "  - {name: officer-320623, token-sha256: " + sha256(OFFICER_TOKEN) + ", roles: [OFFICER], "
            + "regions: [\"320623\"]}\n";

    private final InterceptionDriver stopPay = new InterceptionDriver();
    private final Endpoint endpoint = guarded(new StatisticsEndpoint(stopPay::statisticsStore, TODAY));

    @BeforeAll
    void twoRegionsDecideOnePaymentEach() {
        stopPay.pay(payment("T1", holder(1), holder(2), 10_000).build())
                .pay(payment("T2", holder(3), holder(4), 10_000).setRegionCode("110101").build())
                .advanceWallClock(StatisticsBatcher.FLUSH_INTERVAL);
    }

    @AfterAll
    void close() {
        stopPay.close();
    }

    private static Endpoint guarded(final StatisticsEndpoint statistics) {
        return AtTheEdge.guarded(Access.of(ACCESS_FILE, new SimpleMeterRegistry()), Set.of(Role.OFFICER, Role.ADMIN),
                statistics);
    }

    private static String sha256(final String token) {
        return HexFormat.of().formatHex(Access.sha256(token));
    }

    private static Map<String, String> as(final String token, final Map<String, String> headers) {
        final Map<String, String> all = new HashMap<>(headers);
        all.put("authorization", "Bearer " + token);
        return all;
    }

    /** As the admin, who sees every region. */
    private Response get(final List<String> path, final Map<String, String> query, final Map<String, String> headers)
            throws Exception {
        return endpoint.handle(new Request("GET", path, query, as(ADMIN_TOKEN, headers), new byte[0]));
    }

    private Response get(final List<String> path, final Map<String, String> query) throws Exception {
        return get(path, query, Map.of());
    }

    private static JsonNode json(final Response response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static String text(final Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldAnswerARegionsDaysAsJsonWithZerosForDaysWithoutActivity() throws Exception {
        final Response response = get(List.of("regions", "320623"), Map.of("from", "2026-11-22", "to", "2026-11-23"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json");
        final JsonNode body = json(response);
        assertThat(body.get("region").asText()).isEqualTo("320623");
        assertThat(body.get("days")).hasSize(2);
        assertThat(body.at("/days/0/day").asText()).isEqualTo("2026-11-22");
        assertThat(body.at("/days/0/decided").asLong()).isZero();
        assertThat(body.at("/days/1/decided").asLong()).isEqualTo(1);
        assertThat(body.at("/days/1/held").asLong()).isZero();
        assertThat(body.at("/days/1/medianWarningToOutcomeMinutes").isNull()).isTrue();
    }

    @Test
    void shouldDefaultTheRangeToToday() throws Exception {
        final JsonNode body = json(get(List.of("regions", "320623"), Map.of()));

        assertThat(body.get("from").asText()).isEqualTo("2026-11-24");
        assertThat(body.get("to").asText()).isEqualTo("2026-11-24");
    }

    @Test
    void shouldAnswerEveryRegionOfADayInRegionOrder() throws Exception {
        final JsonNode body = json(get(List.of("days", "2026-11-23"), Map.of()));

        assertThat(body.get("regions")).extracting(region -> region.get("region").asText())
                .containsExactly("110101", "320623");
        assertThat(json(get(List.of("days", "2026-11-22"), Map.of())).get("regions")).isEmpty();
    }

    @Test
    void shouldShowAnOfficerItsOwnRegionOnlyAndRefuseAnotherWithNothingOfIt() throws Exception {
        final Map<String, String> officer = as(OFFICER_TOKEN, Map.of());

        final Response own = endpoint.handle(new Request("GET", List.of("regions", "320623"),
                Map.of("from", "2026-11-23", "to", "2026-11-23"), officer, new byte[0]));
        final Response other = endpoint.handle(new Request("GET", List.of("regions", "110101"),
                Map.of("from", "2026-11-23", "to", "2026-11-23"), officer, new byte[0]));
        final Response day = endpoint.handle(new Request("GET", List.of("days", "2026-11-23"), Map.of(), officer,
                new byte[0]));

        assertThat(own.status()).isEqualTo(200);
        assertThat(json(own).at("/days/0/decided").asLong()).isEqualTo(1);
        assertThat(other.status()).isEqualTo(403);
        assertThat(text(other)).isEqualTo("{\"error\":\"forbidden: region: not one of yours\"}");
        assertThat(json(day).get("regions")).extracting(region -> region.get("region").asText())
                .containsExactly("320623");
    }

    @ParameterizedTest(name = "{0}: {1} decided")
    @CsvSource({"320600,1", "320000,1", "110000,1", "000000,2", "330100,0"})
    void shouldSumTheRegionsACityAProvinceOrTheNationCovers(final String region, final long decided) throws Exception {
        final JsonNode body = json(get(List.of("regions", region), Map.of("from", "2026-11-23", "to", "2026-11-23")));

        assertThat(body.at("/days/0/region").asText()).isEqualTo(region);
        assertThat(body.at("/days/0/decided").asLong()).isEqualTo(decided);
    }

    @Test
    void shouldNotShowADistrictOfficerItsCity() throws Exception {
        final Response city = endpoint.handle(new Request("GET", List.of("regions", "320600"), Map.of(),
                as(OFFICER_TOKEN, Map.of()), new byte[0]));

        assertThat(city.status()).isEqualTo(403);
    }

    @Test
    void shouldAnswer401WithoutAToken() throws Exception {
        final Response response = endpoint.handle(new Request("GET", List.of("regions", "320623"), Map.of(), Map.of(),
                new byte[0]));

        assertThat(response.status()).isEqualTo(401);
        assertThat(text(response)).doesNotContain("320623");
    }

    @Test
    void shouldAnswerCsvWithAHeaderRowAndCrlfWhenAskedByParameterOrAcceptHeader() throws Exception {
        final Response byParameter = get(List.of("days", "2026-11-23"), Map.of("format", "csv"));
        final Response byAccept = get(List.of("days", "2026-11-23"), Map.of(), Map.of("accept", "text/csv"));

        assertThat(byParameter.contentType()).startsWith("text/csv");
        assertThat(text(byAccept)).isEqualTo(text(byParameter));
        final String[] lines = text(byParameter).split("\r\n", -1);
        assertThat(lines).hasSize(4).endsWith("");
        assertThat(lines[0]).startsWith("region,day,decided,action_pass,action_review,action_step_up_verify,"
                + "action_hold,action_stop_payment,intercepted_minor_CNY,alerts,warnings_potential_victim,")
                .endsWith(",median_warning_to_outcome_minutes,median_alert_to_action_minutes");
        assertThat(lines[1]).startsWith("110101,2026-11-23,1,").endsWith(",,");
        assertThat(lines[2]).startsWith("320623,2026-11-23,1,");
        assertThat(lines[1].split(",", -1)).hasSameSizeAs(lines[0].split(","));
    }

    @Test
    void shouldQuoteCsvFieldsAsRfc4180Says() {
        final StringBuilder out = new StringBuilder();
        Csv.row(out, List.of("plain", "a,b", "say \"hi\"", "two\nlines"));

        assertThat(out).hasToString("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = ';', value = {
            "regions/32062;;;400;region: must be a 6-digit division code",
            "regions/32062x;;;400;region: must be a 6-digit division code",
            "regions/320623;from;2026-13-01;400;from: must be a date yyyy-MM-dd",
            "regions/320623;to;yesterday;400;to: must be a date yyyy-MM-dd",
            "regions/320623;to;+10000-01-01;400;to: must be a date yyyy-MM-dd",
            "regions/320623;from;-999999999-01-01;400;from: must be a date yyyy-MM-dd",
            "regions/320623;from;2026-11-25;400;from: must not be after to",
            "regions/320623;from;2025-11-23;400;from: the range from..to must not exceed 366 days",
            "regions/320623;format;xml;400;format: must be json or csv",
            "days/23-11-2026;;;400;day: must be a date yyyy-MM-dd",
            "weeks/2026-W48;;;404;path: /v1/statistics/regions/{region} or /v1/statistics/days/{yyyy-MM-dd}",
            "regions;;;404;path: /v1/statistics/regions/{region} or /v1/statistics/days/{yyyy-MM-dd}"})
    void shouldRefuseABadRequestNamingWhatIsWrong(final String path, final String parameter, final String value,
                                                   final int status, final String error) throws Exception {
        final Map<String, String> query = parameter == null ? Map.of() : Map.of(parameter, value);

        final Response response = get(List.of(path.split("/")), query);

        assertThat(response.status()).isEqualTo(status);
        assertThat(json(response).get("error").asText()).isEqualTo(error);
    }

    @Test
    void shouldFollowTheAcceptHeadersQualitiesAndNeverSendCsvThatWasRefused() throws Exception {
        final List<String> day = List.of("days", "2026-11-23");

        assertThat(get(day, Map.of(), Map.of("accept", "text/csv;q=0, application/json")).contentType())
                .as("q=0 refuses CSV").startsWith("application/json");
        assertThat(get(day, Map.of(), Map.of("accept", "text/csv;q=0.2, application/json;q=0.9")).contentType())
                .startsWith("application/json");
        assertThat(get(day, Map.of(), Map.of("accept", "application/json;q=0.5, text/csv")).contentType())
                .startsWith("text/csv");
        assertThat(get(day, Map.of(), Map.of("accept", "*/*, text/csv")).contentType())
                .as("equal quality: the more specific range").startsWith("text/csv");
        assertThat(get(day, Map.of(), Map.of("accept", "text/html")).contentType())
                .as("neither offered: JSON, the default").startsWith("application/json");
    }

    @Test
    void shouldAcceptARangeOfExactly366Days() throws Exception {
        assertThat(get(List.of("regions", "320623"), Map.of("from", "2025-11-24", "to", "2026-11-24")).status())
                .isEqualTo(200);
    }

    @Test
    void shouldRefuseAnyMethodButGet() throws Exception {
        final Response response = endpoint.handle(new Request("POST", List.of("days", "2026-11-23"), Map.of(),
                as(ADMIN_TOKEN, Map.of()), new byte[0]));

        assertThat(response.status()).isEqualTo(405);
    }

    @Test
    void shouldAnswer503WhileTheStoreCannotBeRead() throws Exception {
        final Endpoint restoring = guarded(new StatisticsEndpoint(() -> {
            throw new InvalidStateStoreException("rebalancing");
        }, TODAY));

        final Response response = restoring.handle(new Request("GET", List.of("days", "2026-11-23"), Map.of(),
                as(ADMIN_TOKEN, Map.of()), new byte[0]));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.headers()).containsEntry("Retry-After", "1");
    }
}
