package io.stoppay.console;

import static io.stoppay.testing.AtTheEdge.guarded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoppay.access.Access;
import io.stoppay.access.Role;
import io.stoppay.api.Endpoint;
import io.stoppay.api.QueryForwarder;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import io.stoppay.outcome.IssuedNotices;
import io.stoppay.outcome.NewestNotices;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.Publications;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import stoppay.internal.v1.IssuedNotice;
import stoppay.internal.v1.NoticeKind;
import stoppay.internal.v1.OutcomeLoopEntry;
import stoppay.v1.Action;
import stoppay.v1.StopPaymentOutcome;
import stoppay.v1.StopPaymentOutcomeKind;
import stoppay.v1.WarningKind;
import stoppay.v1.WarningOutcome;
import stoppay.v1.WarningOutcomeKind;

/**
 * The console's API behind the access file: who sees which warnings and alerts, what an outcome
 * writes, and how lists from several instances merge; on an outcome loop held in memory and a mock
 * producer (no Kafka).
 */
class ConsoleEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofMinutes(10));
    private static final String PAYER = "6222020200112233445";
    private static final String PAYEE = "6217000011112222333";
    private static final String TOPIC = "alerts.police-warnings.outcomes.v1";
    private static final String ACCESS_FILE = "principals:\n"
            + principal("officer-320623-01", "officer", "[OFFICER]", "regions: [\"320623\"]")
            + principal("officer-320600-01", "city-officer", "[OFFICER]", "regions: [\"320600\"]")
            + principal("analyst-all", "analyst", "[ANALYST]", "banks: [\"*\"]")
            + principal("analyst-0102", "bank-analyst", "[ANALYST]", "banks: [\"0102\"]")
            + principal("admin-ops", "admin", "[ADMIN]", "");

    private static final OutcomeLoopEntry OLD = warning("T-OLD", "320623", T0);
    private static final OutcomeLoopEntry NEW = warning("T-NEW", "320623", T0.plusSeconds(120));
    private static final OutcomeLoopEntry ELSEWHERE = warning("T-SH", "310101", T0.plusSeconds(60));
    private static final OutcomeLoopEntry AWAITING = alert("T-AWAIT", "0102", T0.plusSeconds(30));
    private static final OutcomeLoopEntry OTHER_BANK = alert("T-OTHER", "0305", T0.plusSeconds(40));
    private static final OutcomeLoopEntry NO_BANK = alert("T-NOBANK", null, T0.plusSeconds(50));
    private static final OutcomeLoopEntry STOPPED = alert("T-STOP", "0102", T0.plusSeconds(90),
            StopPaymentOutcomeKind.STOPPED);

    private final FakeLoop loop = new FakeLoop(List.of(OLD, NEW, ELSEWHERE, AWAITING, OTHER_BANK, NO_BANK, STOPPED));
    private final List<Request> forwarded = new ArrayList<>();
    private final Map<HostInfo, Response> answersOfOthers = new HashMap<>();
    private final MockProducer<String, WarningOutcome> producer = new MockProducer<>(true, null, new StringSerializer(),
            AvroSerde.of(WarningOutcome.class).serializer());
    private final Endpoint console = guarded(Access.of(ACCESS_FILE, new SimpleMeterRegistry()),
            Set.of(Role.OFFICER, Role.ANALYST, Role.ADMIN), new ConsoleEndpoint(
                    new Notices(loop, (to, request, path) -> {
                        forwarded.add(request);
                        return answersOfOthers.get(to);
                    }, Clock.fixed(NOW, ZoneOffset.UTC)),
                    new WarningOutcomeWriter(producer, TOPIC), Clock.fixed(NOW, ZoneOffset.UTC)));

    private static String principal(final String name, final String token, final String roles, final String scope) {
        return "  - {name: " + name + ", token-sha256: " + Access.sha256Hex(token) + ", roles: " + roles
                + (scope.isEmpty() ? "" : ", " + scope) + "}\n";
    }

    private static OutcomeLoopEntry warning(final String txnId, final String region, final Instant issuedAt) {
        return entry(notice(NoticeKind.POLICE_WARNING, Publications.warningId(WarningKind.POTENTIAL_VICTIM, txnId), txnId,
                region, issuedAt).setWarningKind(WarningKind.POTENTIAL_VICTIM).build(), List.of());
    }

    private static OutcomeLoopEntry alert(final String txnId, final String payerBank, final Instant issuedAt,
                                          final StopPaymentOutcomeKind... outcomes) {
        final List<StopPaymentOutcome> answered = new ArrayList<>();
        for (final StopPaymentOutcomeKind outcome : outcomes) {
            answered.add(StopPaymentOutcome.newBuilder().setAlertId(Publications.alertId(txnId)).setTxnId(txnId)
                    .setBankCode("0102").setOutcome(outcome).setActedAt(issuedAt.plusSeconds(60)).setOperator("op-1")
                    .build());
        }
        return entry(notice(NoticeKind.STOP_PAYMENT_ALERT, Publications.alertId(txnId), txnId, "320623", issuedAt)
                .setPayerBankCode(payerBank).build(), answered);
    }

    private static IssuedNotice.Builder notice(final NoticeKind kind, final String id, final String txnId,
                                               final String region, final Instant issuedAt) {
        return IssuedNotice.newBuilder().setKind(kind).setNoticeId(id).setTxnId(txnId).setIssuedAt(issuedAt)
                .setAction(Action.HOLD).setWarningKind(null).setRegionCode(region).setPayerAccountId(PAYER)
                .setPayeeAccountId(PAYEE).setAmountMinor(1_500_000).setCurrency("CNY")
                .setRuleIds(List.of("ELDERLY_LARGE_TO_NEW_PAYEE"));
    }

    private static OutcomeLoopEntry entry(final IssuedNotice notice, final List<StopPaymentOutcome> outcomes) {
        return OutcomeLoopEntry.newBuilder().setIssued(notice).setCreatedAt(notice.getIssuedAt())
                .setAlertOutcomes(new ArrayList<>(outcomes)).setWarningOutcomes(new ArrayList<>()).build();
    }

    private static String id(final OutcomeLoopEntry entry) {
        return entry.getIssued().getNoticeId();
    }

    private Response call(final String method, final String token, final List<String> path, final Map<String, String> query,
                          final String body) throws Exception {
        final Map<String, String> headers = new HashMap<>();
        headers.put("authorization", "Bearer " + token);
        headers.put("content-type", "application/json");
        return console.handle(new Request(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    private Response get(final String token, final Map<String, String> query, final String... path) throws Exception {
        return call("GET", token, List.of(path), query, "");
    }

    private Response record(final String token, final OutcomeLoopEntry warning, final String body) throws Exception {
        return call("POST", token, List.of("warnings", id(warning), "outcome"), Map.of(), body);
    }

    private static JsonNode json(final Response response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<String> txnIds(final Response response) throws Exception {
        final List<String> txnIds = new ArrayList<>();
        json(response).get("notices").forEach(notice -> txnIds.add(notice.get("txnId").asText()));
        return txnIds;
    }

    @Test
    void shouldTellThePageWhoIsLoggedIn() throws Exception {
        final JsonNode me = json(get("city-officer", Map.of(), "me"));

        assertThat(me.get("name").asText()).isEqualTo("officer-320600-01");
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("OFFICER");
        assertThat(me.get("regions")).extracting(JsonNode::asText).containsExactly("320600");
    }

    @Test
    void shouldRefuseACallerWithoutAKnownToken() throws Exception {
        assertThat(get("no-such-token", Map.of(), "me").status()).isEqualTo(401);
    }

    @Nested
    class Warnings {

        @Test
        void shouldListTheRegionsWarningsNewestFirstMasked() throws Exception {
            final Response answer = get("officer", Map.of("region", "320623"), "warnings");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(txnIds(answer)).containsExactly("T-NEW", "T-OLD");
            final JsonNode newest = json(answer).at("/notices/0");
            assertThat(newest.get("payer").asText()).isEqualTo("6222…3445");
            assertThat(newest.get("payee").asText()).isEqualTo("6217…2333");
            assertThat(newest.get("warningKind").asText()).isEqualTo("POTENTIAL_VICTIM");
            assertThat(newest.get("ageSeconds").asLong()).isEqualTo(8 * 60);
            assertThat(answer.body()).asString(StandardCharsets.UTF_8).doesNotContain(PAYER, PAYEE);
            assertThat(json(answer).get("complete").asBoolean()).isTrue();
        }

        @Test
        void shouldListACitysDistrictsForTheCitysOfficer() throws Exception {
            assertThat(txnIds(get("city-officer", Map.of("region", "320600"), "warnings")))
                    .containsExactly("T-NEW", "T-OLD");
        }

        @Test
        void shouldRefuseAnotherRegionAndAnswerItsWarningsAsUnknown() throws Exception {
            final Response list = get("officer", Map.of("region", "310101"), "warnings");
            final Response one = get("officer", Map.of(), "warnings", id(ELSEWHERE));
            final Response unknown = get("officer", Map.of(), "warnings", "00000000-0000-0000-0000-000000000000");

            assertThat(list.status()).isEqualTo(403);
            assertThat(one.status()).as("nothing tells whether another region was warned").isEqualTo(404);
            assertThat(json(one)).isEqualTo(json(unknown));
        }

        @Test
        void shouldShowOneWarningOfTheOfficersRegion() throws Exception {
            final Response one = get("officer", Map.of(), "warnings", id(NEW));

            assertThat(one.status()).isEqualTo(200);
            assertThat(json(one).get("txnId").asText()).isEqualTo("T-NEW");
            assertThat(get("officer", Map.of(), "warnings", Publications.warningId(WarningKind.MULE_SUSPECT, "T-NEW"))
                    .status()).isEqualTo(404);
        }

        @Test
        void shouldLetAnAdminSeeEveryRegion() throws Exception {
            assertThat(txnIds(get("admin", Map.of("region", "310101"), "warnings"))).containsExactly("T-SH");
        }

        @Test
        void shouldNotShowWarningsToABankAnalyst() throws Exception {
            assertThat(get("analyst", Map.of("region", "320623"), "warnings").status()).isEqualTo(403);
        }

        @ParameterizedTest
        @CsvSource({"region=, region: required", "region=32062, region: must be a 6-digit", "limit=0, limit: must be 1..500",
                "limit=501, limit: must be 1..500", "limit=ten, limit: must be 1..500"})
        void shouldRefuseBadParametersNamingThem(final String parameter, final String error) throws Exception {
            final Map<String, String> query = new HashMap<>(Map.of("region", "320623"));
            final String[] pair = parameter.split("=", -1);
            if (pair[1].isEmpty()) {
                query.remove(pair[0]);
            } else {
                query.put(pair[0], pair[1]);
            }

            final Response answer = get("officer", query, "warnings");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(json(answer).get("error").asText()).startsWith(error);
        }

        @Test
        void shouldRefuseAnIdThatIsNotAWarningId() throws Exception {
            assertThat(get("officer", Map.of(), "warnings", "../alerts").status()).isEqualTo(400);
        }

        @Test
        void shouldAnswer503WhileTheLoopCannotBeRead() throws Exception {
            loop.running = false;

            final Response answer = get("officer", Map.of("region", "320623"), "warnings");

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.headers()).containsEntry("Retry-After", "1");
        }
    }

    @Nested
    class Outcomes {

        @Test
        void shouldWriteTheOutcomeAsTheLoggedInOfficerInTheWarningsRegion() throws Exception {
            final Response answer = record("officer", NEW, "{\"outcome\":\"DISSUADED\",\"note\":\"reached the son\","
                    + "\"officer\":\"someone-else\",\"regionCode\":\"310101\"}");

            assertThat(answer.status()).isEqualTo(202);
            assertThat(json(answer).get("officer").asText()).isEqualTo("officer-320623-01");
            final ProducerRecord<String, WarningOutcome> written = producer.history().get(0);
            assertThat(producer.history()).hasSize(1);
            assertThat(written.topic()).isEqualTo(TOPIC);
            assertThat(written.key()).isEqualTo(id(NEW));
            final WarningOutcome outcome = written.value();
            assertThat(outcome.getWarningId()).isEqualTo(id(NEW));
            assertThat(outcome.getTxnId()).isEqualTo("T-NEW");
            assertThat(outcome.getRegionCode()).isEqualTo("320623");
            assertThat(outcome.getOutcome()).isEqualTo(WarningOutcomeKind.DISSUADED);
            assertThat(outcome.getOfficer()).isEqualTo("officer-320623-01");
            assertThat(outcome.getActedAt()).isEqualTo(NOW);
            assertThat(outcome.getNote()).isEqualTo("reached the son");
        }

        @Test
        void shouldWriteNothingForAnotherRegionsWarning() throws Exception {
            final Response answer = record("officer", ELSEWHERE, "{\"outcome\":\"FALSE_ALARM\"}");

            assertThat(answer.status()).isEqualTo(404);
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void shouldRefuseAnOutcomeSentAsAnotherMediaTypeAndWriteNothing() throws Exception {
            final Response answer = console.handle(new Request("POST", List.of("warnings", id(NEW), "outcome"), Map.of(),
                    Map.of("authorization", "Bearer officer", "content-type", "text/plain"),
                    "{\"outcome\":\"DISSUADED\"}".getBytes(StandardCharsets.UTF_8)));

            assertThat(answer.status()).isEqualTo(415);
            assertThat(json(answer).get("error").asText()).isEqualTo("Content-Type: send the body as application/json");
            assertThat(producer.history()).isEmpty();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "{\"outcome\":\"CALLED\"}|outcome: required, one of [DISSUADED, NOT_REACHED, LOSS_ALREADY_OCCURRED, FALSE_ALARM]",
                "{}|outcome: required, one of",
                "[1]|body: must be a JSON object",
                "{\"outcome\":\"NOT_REACHED\",\"note\":7}|note: must be text"})
        void shouldRefuseABadOutcomeAndWriteNothing(final String body, final String error) throws Exception {
            final Response answer = record("officer", NEW, body);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(json(answer).get("error").asText()).startsWith(error);
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void shouldRefuseANoteOverTheLimit() throws Exception {
            final Response answer = record("officer", NEW, "{\"outcome\":\"NOT_REACHED\",\"note\":\""
                    + "x".repeat(ConsoleEndpoint.MAX_NOTE_CHARS + 1) + "\"}");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(producer.history()).isEmpty();
        }

        @Test
        void shouldRefuseAnOutcomeTheWarningAlreadyHas() throws Exception {
            loop.put(withOutcome(NEW, WarningOutcomeKind.NOT_REACHED));

            final Response again = record("officer", NEW, "{\"outcome\":\"NOT_REACHED\"}");
            final Response another = record("officer", NEW, "{\"outcome\":\"DISSUADED\"}");

            assertThat(again.status()).isEqualTo(409);
            assertThat(another.status()).isEqualTo(202);
            assertThat(producer.history()).extracting(record -> record.value().getOutcome())
                    .containsExactly(WarningOutcomeKind.DISSUADED);
        }

        @Test
        void shouldAnswer503WhenKafkaDoesNotTakeIt() throws Exception {
            producer.sendException = new TimeoutException("no broker");

            final Response answer = record("officer", NEW, "{\"outcome\":\"DISSUADED\"}");

            assertThat(answer.status()).isEqualTo(503);
            assertThat(json(answer).get("error").asText()).startsWith("outcome: not recorded (Kafka: TimeoutException)");
        }

        private OutcomeLoopEntry withOutcome(final OutcomeLoopEntry warning, final WarningOutcomeKind kind) {
            return OutcomeLoopEntry.newBuilder(warning).setWarningOutcomes(new ArrayList<>(List.of(WarningOutcome
                    .newBuilder().setWarningId(id(warning)).setTxnId(warning.getIssued().getTxnId())
                    .setRegionCode("320623").setOutcome(kind).setActedAt(NOW).setOfficer("officer-320623-02")
                    .build()))).build();
        }
    }

    @Nested
    class Alerts {

        @Test
        void shouldListTheAlertsAwaitingActionWithTheirAgeAndBank() throws Exception {
            final Response answer = get("analyst", Map.of(), "alerts");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(txnIds(answer)).containsExactly("T-NOBANK", "T-OTHER", "T-AWAIT");
            assertThat(json(answer).at("/notices/2/ageSeconds").asLong()).isEqualTo(10 * 60 - 30);
            assertThat(json(answer).at("/notices/2/kind").asText()).isEqualTo("STOP_PAYMENT_ALERT");
            assertThat(json(answer).at("/notices/2/bank").asText()).isEqualTo("0102");
            assertThat(json(answer).at("/notices/0/bank").isNull()).isTrue();
        }

        @Test
        void shouldShowAnAnalystOfSomeBanksOnlyTheirAlerts() throws Exception {
            final Response answer = get("bank-analyst", Map.of(), "alerts");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(txnIds(answer)).as("0305's alert and the one naming no bank are not 0102's")
                    .containsExactly("T-AWAIT");
        }

        @Test
        void shouldNotShowAlertsToAnOfficer() throws Exception {
            assertThat(get("officer", Map.of(), "alerts").status()).isEqualTo(403);
        }
    }

    /** Two instances: this one holds part of the loop, another the rest. */
    @Nested
    class Instances {

        private final HostInfo other = new HostInfo("other", 8080);
        private final OutcomeLoopEntry newestThere = warning("T-THERE", "320623", T0.plusSeconds(300));

        @Test
        void shouldMergeTheOtherInstancesNewestIntoTheList() throws Exception {
            loop.others = List.of(other);
            answersOfOthers.put(other, Response.json(200, Map.of("notices",
                    List.of(NoticeView.of(newestThere, NOW)), "complete", true)));

            final Response answer = get("officer", Map.of("region", "320623", "limit", "2"), "warnings");

            assertThat(txnIds(answer)).containsExactly("T-THERE", "T-NEW");
            assertThat(forwarded).singleElement().satisfies(request -> {
                assertThat(request.query()).containsEntry("region", "320623");
                assertThat(request.header("Authorization")).hasValue("Bearer officer");
            });
        }

        @Test
        void shouldAnswer503RatherThanPartOfTheList() throws Exception {
            loop.others = List.of(other);
            answersOfOthers.put(other, Response.unavailable("the instance other:8080 did not answer: ConnectException"));

            assertThat(get("officer", Map.of("region", "320623"), "warnings").status()).isEqualTo(503);
        }

        @Test
        void shouldAnswerAForwardedListFromThisInstanceAlone() throws Exception {
            loop.others = List.of(other);

            final Response alone = console.handle(new Request("GET", List.of("warnings"), Map.of("region", "320623"),
                    Map.of("authorization", "Bearer officer", QueryForwarder.FORWARDED_HEADER.toLowerCase(Locale.ROOT),
                            "true"), new byte[0]));

            assertThat(txnIds(alone)).containsExactly("T-NEW", "T-OLD");
            assertThat(forwarded).isEmpty();
        }

        @Test
        void shouldRecordAnOutcomeForAWarningHeldByTheOtherInstance() throws Exception {
            loop.owners.put(IssuedNotices.warningKey(id(newestThere)), other);
            answersOfOthers.put(other, Response.json(200, NoticeView.of(newestThere, NOW)));

            final Response answer = record("officer", newestThere, "{\"outcome\":\"LOSS_ALREADY_OCCURRED\"}");

            assertThat(answer.status()).isEqualTo(202);
            assertThat(forwarded).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("GET");
                assertThat(request.pathParams()).containsExactly("v1", "console", "warnings", id(newestThere));
            });
            assertThat(producer.history()).singleElement().satisfies(written ->
                    assertThat(written.value().getTxnId()).isEqualTo("T-THERE"));
        }
    }

    /** The outcome loop held in memory, all of it on this instance unless told otherwise. */
    private static final class FakeLoop implements LoopState {

        private final HostInfo self = new HostInfo("here", 8080);
        private final Map<String, OutcomeLoopEntry> entries = new LinkedHashMap<>();
        private final Map<String, HostInfo> owners = new HashMap<>();
        private List<HostInfo> others = List.of();
        private boolean running = true;

        FakeLoop(final List<OutcomeLoopEntry> entries) {
            entries.forEach(this::put);
        }

        void put(final OutcomeLoopEntry entry) {
            final IssuedNotice notice = entry.getIssued();
            entries.put(notice.getKind() == NoticeKind.POLICE_WARNING ? IssuedNotices.warningKey(notice.getNoticeId())
                    : IssuedNotices.alertKey(notice.getNoticeId()), entry);
        }

        @Override
        public HostInfo self() {
            return self;
        }

        @Override
        public NewestNotices.Found newestHere(final NoticeKind kind, final Predicate<OutcomeLoopEntry> wanted,
                                             final int limit) {
            requireRunning();
            return new NewestNotices.Found(entries.values().stream()
                    .filter(entry -> entry.getIssued().getKind() == kind).filter(wanted)
                    .sorted(Comparator.comparing((OutcomeLoopEntry entry) -> entry.getIssued().getIssuedAt()).reversed())
                    .limit(limit).toList(), true);
        }

        @Override
        public Optional<HostInfo> owner(final String key) {
            requireRunning();
            return Optional.of(owners.getOrDefault(key, self));
        }

        @Override
        public Optional<OutcomeLoopEntry> get(final String key) {
            requireRunning();
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public List<HostInfo> others() {
            requireRunning();
            return others;
        }

        private void requireRunning() {
            if (!running) {
                throw new InvalidStateStoreException("this instance is REBALANCING");
            }
        }
    }
}
