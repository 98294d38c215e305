package io.stoppay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoppay.access.Access;
import io.stoppay.config.StopPayConfig;
import io.stoppay.testing.Feeder;
import io.stoppay.testing.HttpCalls;
import io.stoppay.testing.HttpCalls.Answer;
import io.stoppay.testing.RealKafka;
import io.stoppay.testing.TestAccess;
import io.stoppay.testing.TestTls;
import io.stoppay.topology.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.LinkKind;
import stoppay.v1.ListType;
import stoppay.v1.Party;
import stoppay.v1.SubjectType;

/**
 * The API as a client on the network meets it: over a real TLS connection to an instance on a real
 * broker, every endpoint is tried without a token, with a wrong one, with a token of the wrong role
 * or region, with a token on the query string, and with an enumeration burst; each answers its
 * status and no body names the subject, or echoes a token. Plain HTTP to the TLS port gets nothing;
 * a renewed key is served without a restart.
 */
class HttpsApiIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final String ENUMERATOR_TOKEN = "test-enumerator-token-0123456789abcdef";
    private static final String FRAUD = "6217000000000900009";
    private static final String CARD = "6228000000000900001";
    private static final String OTHER_REGION = TestAccess.OTHER_REGION;
    /** An account of bank 0102 that paid in region 320623. */
    private static final String PAID = "6222000000000900002";
    private static final String NOWHERE = "6222000000000999999";
    /** Per principal a minute; the burst sends more than this many distinct subjects. */
    private static final int RATE_LIMIT = 40;
    private static final int BURST = 70;

    @TempDir
    static Path dir;

    private static StopPayApp app;
    private static Feeder feeder;
    private static TestTls tls;
    private static HttpCalls anonymous;

    @BeforeAll
    static void startStopPayOverHttps() throws Exception {
        tls = TestTls.create(dir.resolve("tls"));
        final Path access = TestAccess.write(dir);
        // A principal of its own for the burst, so that its rate limit binds no other test.
        Files.writeString(access, "  - {name: test-enumerator, token-sha256: " + Access.sha256Hex(ENUMERATOR_TOKEN)
                + ", roles: [ANALYST], banks: [\"*\"]}\n", StandardOpenOption.APPEND);
        // The key as the kubelet mounts a Secret: files that a renewal replaces
        Files.createDirectories(mounted());
        mount(tls);
        final Map<String, String> settings = new HashMap<>(Map.of(
                StopPayConfig.HTTP_TLS_CERTIFICATE, mounted().resolve("tls.crt").toString(),
                StopPayConfig.HTTP_TLS_PRIVATE_KEY, mounted().resolve("tls.key").toString()));
        settings.putAll(Map.of(
                StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                StopPayConfig.APPLICATION_ID, "stoppay-https-it",
                StopPayConfig.STATE_DIR, dir.resolve("state").toString(),
                StopPayConfig.HTTP_PORT, "0",
                StopPayConfig.HTTP_BIND_ADDRESS, "127.0.0.1",
                StopPayConfig.HTTP_ADVERTISED_HOST, "localhost",
                StopPayConfig.HTTP_RATE_LIMIT_PER_MINUTE, Integer.toString(RATE_LIMIT),
                // Every refusal without a token below comes from this test's one address: under the limit.
                StopPayConfig.HTTP_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE, Integer.toString(RATE_LIMIT),
                StopPayConfig.ACCESS_FILE, access.toString()));
        final StopPayConfig config = StopPayConfig.of(settings);
        final Topics topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafka())) {
            new TopicProvisioner(admin, topics).createMissing(2);
        }
        feeder = new Feeder(KAFKA, topics);
        app = StopPayApp.start(config);
        anonymous = HttpCalls.https(app.httpPort(), tls.clientContext());
        await().atMost(Duration.ofSeconds(60)).until(() -> anonymous.get("/health/ready").status() == 200);
        feeder.link(SubjectType.ACCOUNT, FRAUD, SubjectType.CARD, CARD, LinkKind.ACCOUNT_CARD);
        feeder.list(SubjectType.ACCOUNT, FRAUD, ListType.FRAUD_ACCOUNT);
        feeder.pay("HTTPS-S1", Party.newBuilder().setAccountId(PAID).setBankCode(TestAccess.BANK).build(),
                Party.newBuilder().setAccountId(FRAUD).setBankCode(TestAccess.OTHER_BANK).build(), 1_000, "320623");
        final HttpCalls admin = anonymous.as(TestAccess.ADMIN_TOKEN);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                admin.get("/v1/subjects/CARD/" + CARD).json().get("restricted").asBoolean()
                        && admin.get("/v1/subjects/ACCOUNT/" + PAID).json().at("/behaviour/outflows/payments").asInt() == 1);
    }

    @AfterAll
    static void stop() {
        app.close();
        feeder.close();
    }

    /** A request and the status it must get. */
    private record Call(String method, String path, String token, int expected) {

        Answer send() {
            final HttpCalls client = token == null ? anonymous : anonymous.as(token);
            return method.equals("GET") ? client.get(path)
                    : client.post(path, "application/json", "{\"outcome\":\"DISSUADED\"}");
        }

        @Override
        public String toString() {
            return method + " " + path + " as " + (token == null ? "nobody" : token.substring(0, 12)) + " -> " + expected;
        }
    }

    private static final List<String> GUARDED_READS = List.of("/metrics", "/v1/subjects/CARD/" + CARD,
            "/v1/subjects/ACCOUNT/" + FRAUD, "/v1/statistics/regions/320623", "/v1/statistics/days/2026-12-01",
            "/v1/audit/subject-reads?id=" + CARD, "/v1/console/me", "/v1/console/warnings?region=320623",
            "/v1/console/alerts");

    @Test
    void shouldAnswer401ToEveryGuardedEndpointWithoutATokenOrWithAWrongOne() {
        final List<Call> calls = new ArrayList<>();
        for (final String path : GUARDED_READS) {
            calls.add(new Call("GET", path, null, 401));
            calls.add(new Call("GET", path, "not-a-token-of-the-access-file", 401));
        }
        calls.add(new Call("POST", "/v1/console/warnings/w-1/outcome", null, 401));
        calls.add(new Call("POST", "/v1/admin/lists", null, 401));
        calls.add(new Call("POST", "/v1/admin/lists/bulk", "not-a-token-of-the-access-file", 401));

        assertEachAnswersAndLeaksNothing(calls);
    }

    @Test
    void shouldAnswer403ToATokenOfTheWrongRoleOrRegion() {
        assertEachAnswersAndLeaksNothing(List.of(
                new Call("GET", "/metrics", TestAccess.OFFICER_TOKEN, 403),
                new Call("GET", "/v1/subjects/CARD/" + CARD, TestAccess.SCRAPER_TOKEN, 403),
                new Call("GET", "/v1/subjects/ACCOUNT/" + FRAUD, TestAccess.SCRAPER_TOKEN, 403),
                new Call("GET", "/v1/subjects/ACCOUNT/" + PAID, TestAccess.OTHER_BANK_ANALYST_TOKEN, 403),
                new Call("GET", "/v1/subjects/ACCOUNT/" + PAID, TestAccess.OTHER_REGION_OFFICER_TOKEN, 403),
                new Call("GET", "/v1/subjects/ACCOUNT/" + NOWHERE, TestAccess.OTHER_BANK_ANALYST_TOKEN, 403),
                new Call("GET", "/v1/statistics/regions/320623", TestAccess.ANALYST_TOKEN, 403),
                new Call("GET", "/v1/statistics/regions/" + OTHER_REGION, TestAccess.OFFICER_TOKEN, 403),
                new Call("GET", "/v1/statistics/days/2026-12-01", TestAccess.ANALYST_TOKEN, 403),
                new Call("GET", "/v1/audit/subject-reads?id=" + CARD, TestAccess.OFFICER_TOKEN, 403),
                new Call("GET", "/v1/audit/subject-reads?id=" + CARD, TestAccess.ANALYST_TOKEN, 403),
                new Call("GET", "/v1/console/me", TestAccess.SCRAPER_TOKEN, 403),
                new Call("GET", "/v1/console/warnings?region=" + OTHER_REGION, TestAccess.OFFICER_TOKEN, 403),
                new Call("GET", "/v1/console/alerts", TestAccess.OFFICER_TOKEN, 403),
                new Call("POST", "/v1/admin/lists", TestAccess.OFFICER_TOKEN, 403),
                new Call("POST", "/v1/admin/lists/ACCOUNT/" + FRAUD + "/release", TestAccess.ANALYST_TOKEN, 403),
                new Call("POST", "/v1/admin/lists/bulk", TestAccess.SCRAPER_TOKEN, 403)));
    }

    @Test
    void shouldRefuseATokenOnTheQueryStringOfEveryGuardedEndpoint() {
        final List<Call> calls = new ArrayList<>();
        for (final String path : GUARDED_READS) {
            calls.add(new Call("GET", path + (path.contains("?") ? "&" : "?") + "access_token=" + TestAccess.ADMIN_TOKEN,
                    null, 400));
        }
        calls.add(new Call("POST", "/v1/admin/lists/bulk?access_token=" + TestAccess.ADMIN_TOKEN, null, 400));

        assertEachAnswersAndLeaksNothing(calls);
    }

    @Test
    void shouldKeepTheHealthEndpointsOpenOverHttps() {
        assertThat(anonymous.get("/health/live").status()).isEqualTo(200);
        assertThat(anonymous.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void shouldStopAnEnumerationBurstAtTheRateLimitAndAuditEveryReadOnce() {
        // Given a principal that reads many distinct accounts as fast as it can
        final HttpCalls enumerator = anonymous.as(ENUMERATOR_TOKEN);
        final List<String> accounts = IntStream.range(0, BURST).mapToObj(i -> "62220000009%08d".formatted(i)).toList();

        // When
        final List<Answer> answers = accounts.stream().map(account -> enumerator.get("/v1/subjects/ACCOUNT/" + account))
                .toList();

        // Then the first ones are answered, the rest refused with 429, and no refusal names a subject
        final List<Answer> limited = answers.stream().filter(answer -> answer.status() == 429).toList();
        assertThat(answers).extracting(Answer::status).containsOnly(200, 429);
        assertThat(answers.subList(0, RATE_LIMIT)).extracting(Answer::status).containsOnly(200);
        assertThat(limited).hasSizeGreaterThanOrEqualTo(BURST - RATE_LIMIT - 5).allSatisfy(answer -> {
            assertThat(answer.error()).startsWith("rate: more than " + RATE_LIMIT + " requests a minute");
            assertThat(answer.body()).doesNotContain("62220000009", ENUMERATOR_TOKEN);
        });
        // And every read, answered or refused, is in the audit exactly once
        final JsonNode audit = anonymous.as(TestAccess.ADMIN_TOKEN)
                .get("/v1/audit/subject-reads?principal=test-enumerator&limit=1000").json();
        assertThat(audit.get("matched").asInt()).as(audit.toString()).isEqualTo(BURST);
        final Map<Integer, Integer> byStatus = new HashMap<>();
        audit.get("reads").forEach(read -> byStatus.merge(read.get("status").asInt(), 1, Integer::sum));
        assertThat(byStatus).containsEntry(429, limited.size()).containsEntry(200, BURST - limited.size());
    }

    @Test
    void shouldGiveAPlainHttpRequestToTheTlsPortNothing() throws IOException {
        // When a client speaks plain HTTP, with a valid token, to the HTTPS port
        final byte[] answer;
        try (Socket socket = new Socket("127.0.0.1", app.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /v1/subjects/CARD/" + CARD + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TestAccess.ADMIN_TOKEN + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            answer = readUntilClosed(socket.getInputStream());
        }

        // Then it is not answered as HTTP, and nothing of the subject comes back
        final String text = new String(answer, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotStartWith("HTTP/1.1 200").doesNotContain(CARD, FRAUD, "restricted");
    }

    @Test
    void shouldRefuseAClientThatDoesNotTrustTheCertificateAndNegotiateOnlyModernTls() throws Exception {
        // A client trusting only another certificate fails the handshake (it never sends a token)
        final SSLContext stranger = TestTls.create(dir.resolve("stranger")).clientContext();
        try (SSLSocket socket = (SSLSocket) stranger.getSocketFactory().createSocket("localhost", app.httpPort())) {
            assertThat(catchThrowable(socket::startHandshake))
                    .isInstanceOf(SSLHandshakeException.class);
        }
        // A client trusting it negotiates TLS 1.3 or 1.2
        try (SSLSocket socket = (SSLSocket) tls.clientContext().getSocketFactory().createSocket("localhost",
                app.httpPort())) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void shouldServeARenewedKeyWithoutARestart() throws Exception {
        // Given a renewal written where the running instance reads its key
        final TestTls renewed = TestTls.create(dir.resolve("renewed"));
        try {
            mount(renewed);

            // Then new connections get the renewed certificate, within the second the instance looks
            await().atMost(Duration.ofSeconds(10)).until(() -> servedCertificate(renewed).equals(renewed.certificate()));
        } finally {
            // And back, for the other tests, whose clients trust the first certificate only
            mount(tls);
            await().atMost(Duration.ofSeconds(10)).until(() -> servedCertificate(renewed).equals(tls.certificate()));
        }
    }

    private static Path mounted() {
        return dir.resolve("mounted");
    }

    private static void mount(final TestTls key) throws IOException {
        Files.copy(key.certificatePem(), mounted().resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(key.privateKeyPem(), mounted().resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The certificate a new connection gets, as a client trusting the first and the {@code renewed} key sees it. */
    private static Certificate servedCertificate(final TestTls renewed) throws IOException {
        try (SSLSocket socket = (SSLSocket) TestTls.trusting(tls.certificate(), renewed.certificate())
                .getSocketFactory().createSocket("localhost", app.httpPort())) {
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    private static void assertEachAnswersAndLeaksNothing(final List<Call> calls) {
        for (final Call call : calls) {
            final Answer answer = call.send();
            assertThat(answer.status()).as(call.toString()).isEqualTo(call.expected());
            assertThat(answer.error()).as(call + ": a one-line JSON error").isNotBlank();
            assertThat(answer.body()).as(call.toString()).doesNotContain(CARD, FRAUD, PAID, NOWHERE, "restricted", OTHER_REGION,
                    TestAccess.ADMIN_TOKEN, TestAccess.OFFICER_TOKEN, TestAccess.ANALYST_TOKEN, TestAccess.SCRAPER_TOKEN);
        }
    }

    /** What the server sends until it closes the connection (or stays silent for the socket's timeout). */
    private static byte[] readUntilClosed(final InputStream in) throws IOException {
        final ByteArrayOutputStream read = new ByteArrayOutputStream();
        final byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
            }
        } catch (final SocketException e) {
            // A reset, or silence until the timeout (a SocketTimeoutException is one): the server did
            // not speak HTTP to it.
        }
        return read.toByteArray();
    }
}
