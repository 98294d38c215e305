package io.stoppay.access;

import static io.stoppay.testing.AtTheEdge.guarded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stoppay.api.Endpoint;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTest {

    private static final String OFFICER_TOKEN = "officer-token-0123456789abcdef";
    private static final String ANALYST_TOKEN = "analyst-token-0123456789abcdef";
    private static final String FILE = file(
            principal("officer-310000-01", OFFICER_TOKEN, "[OFFICER]", "regions: [\"310000\"]"),
            principal("analyst-0102", ANALYST_TOKEN, "[ANALYST]", "banks: [\"0102\"]"));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path dir;

    @Test
    void shouldPassTheCallerWithARequiredRoleToTheEndpoint() throws Exception {
        final Endpoint endpoint = guarded(Access.of(FILE, registry), Set.of(Role.OFFICER),
                (request, caller) -> Response.json(200, Map.of("name", caller.name(),
                        "sees310000", caller.seesRegion("310000"), "sees110000", caller.seesRegion("110000"))));

        final Response response = endpoint.handle(request(OFFICER_TOKEN, Map.of()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(body(response)).contains("\"name\":\"officer-310000-01\"", "\"sees310000\":true",
                "\"sees110000\":false");
    }

    @Test
    void shouldAnswer401WithoutATokenOrWithAnUnknownOne() throws Exception {
        final Endpoint endpoint = guarded(Access.of(FILE, registry), Set.of(Role.OFFICER), AccessTest::reached);

        for (final Request request : List.of(request(null, Map.of()), request("not-a-token-of-the-file", Map.of()),
                new Request("GET", List.of(), Map.of(), Map.of("authorization", "Basic " + OFFICER_TOKEN), new byte[0]),
                new Request("GET", List.of(), Map.of(), Map.of("authorization", "Bearer "), new byte[0]))) {
            final Response response = endpoint.handle(request);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"stoppay\"");
            assertThat(body(response)).doesNotContain("reached", "officer-310000-01");
        }
        assertThat(registry.counter("stoppay.access.refusals", "reason", "unauthenticated").count()).isEqualTo(4);
    }

    @Test
    void shouldAnswer403ToACallerWithoutTheRoleOrRefusedByTheEndpoint() throws Exception {
        final Access access = Access.of(FILE, registry);

        final Response wrongRole = guarded(access, Set.of(Role.OFFICER), AccessTest::reached)
                .handle(request(ANALYST_TOKEN, Map.of()));
        final Response refused = guarded(access, Set.of(Role.OFFICER), (request, caller) -> {
            throw new Forbidden("region: not one of yours");
        }).handle(request(OFFICER_TOKEN, Map.of()));

        assertThat(wrongRole.status()).isEqualTo(403);
        assertThat(body(wrongRole)).isEqualTo("{\"error\":\"forbidden: this needs the role OFFICER\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(body(refused)).isEqualTo("{\"error\":\"forbidden: region: not one of yours\"}");
        assertThat(registry.counter("stoppay.access.refusals", "reason", "forbidden").count()).isEqualTo(2);
    }

    @Test
    void shouldAcceptTheSchemeInAnyCase() throws Exception {
        final Response response = guarded(Access.of(FILE, registry), Set.of(Role.ANALYST), AccessTest::reached)
                .handle(new Request("GET", List.of(), Map.of(), Map.of("authorization", "bearer " + ANALYST_TOKEN),
                        new byte[0]));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void shouldAnswer401ForEveryCallWithoutAnAccessFile() throws Exception {
        final Response response = guarded(Access.none(registry), Set.of(Role.ADMIN), AccessTest::reached)
                .handle(request(OFFICER_TOKEN, Map.of()));

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void shouldApplyAnEditOfTheFileWithoutARestartAndKeepThePreviousPrincipalsOnAnInvalidOne() throws Exception {
        final Path path = dir.resolve("access.yaml");
        Files.writeString(path, FILE);
        final Access access = Access.fromFile(path, registry);
        final Endpoint endpoint = guarded(access, Set.of(Role.OFFICER), AccessTest::reached);
        final String newToken = "another-officer-token-0123456789";

        rewrite(path, file(principal("officer-310000-02", newToken, "[OFFICER]", "regions: [\"310000\"]")), 1);
        assertThat(endpoint.handle(request(newToken, Map.of())).status())
                .as("until the next scheduled refresh the principals in force stay").isEqualTo(401);
        access.refresh();
        assertThat(endpoint.handle(request(newToken, Map.of())).status()).isEqualTo(200);
        assertThat(endpoint.handle(request(OFFICER_TOKEN, Map.of())).status()).isEqualTo(401);

        rewrite(path, "principals: [{name: broken}]", 2);
        access.refresh();
        assertThat(endpoint.handle(request(newToken, Map.of())).status()).isEqualTo(200);
        assertThat(registry.counter("stoppay.access.reloads", "result", "ok").count()).isEqualTo(1);
        assertThat(registry.counter("stoppay.access.reloads", "result", "invalid").count()).isEqualTo(1);
    }

    @Test
    void shouldApplyAnEditThatKeepsSizeAndTimeAndLetNoOneInOnAnEmptyListWithoutARequest() throws Exception {
        final Path path = dir.resolve("access.yaml");
        final String officerIn320623 = file(principal("officer-1", OFFICER_TOKEN, "[OFFICER]", "regions: [\"320623\"]"));
        Files.writeString(path, officerIn320623);
        final FileTime written = Files.getLastModifiedTime(path);
        final Access access = Access.fromFile(path, registry);

        Files.writeString(path, officerIn320623.replace("320623", "330106"));
        Files.setLastModifiedTime(path, written);
        access.refresh();
        assertThat(access.authenticate(request(OFFICER_TOKEN, Map.of())).orElseThrow().regions())
                .as("same size, same time, other content").containsExactly("330106");

        Files.writeString(path, "principals: []\n");
        access.refresh();
        assertThat(access.authenticate(request(OFFICER_TOKEN, Map.of()))).as("locked out").isEmpty();
        assertThat(registry.counter("stoppay.access.reloads", "result", "ok").count()).isEqualTo(2);

        Files.delete(path);
        access.refresh();
        assertThat(registry.counter("stoppay.access.reloads", "result", "invalid").count())
                .as("a missing file is refused, counted, and revokes nothing by accident").isEqualTo(1);
    }

    @Test
    void shouldRefuseAFileThatCannotBeReadAtStartWithItsPath() {
        final Path missing = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> Access.fromFile(missing, registry))
                .isInstanceOf(InvalidAccessFileException.class)
                .hasMessage("access file " + missing + ": cannot read: no such file");
        assertThatThrownBy(() -> Access.fromFile(dir, registry))
                .isInstanceOf(InvalidAccessFileException.class)
                .hasMessage("access file " + dir + ": cannot read: a directory, not a file");
    }

    @Test
    void shouldNameTheEntryAndFieldOfAnInvalidFile() {
        final String hash = hash(OFFICER_TOKEN);
        assertInvalid("", "principals: none listed (write \"principals: []\" to let no one in)");
        assertInvalid("other: 1", "the file: has a field that is not one of the access file's (name, token-sha256, "
                + "roles, regions, banks, full-identifiers); its name is not shown, in case it is a token");
        final String token = "a-token-pasted-as-a-name-0123456789";
        assertInvalid("principals: [{name: " + token + ", token-sha256: " + hash(token) + ", roles: [ADMIN]}]",
                "principals[0].name: is the token of a principal of this file; a name is an id, the token goes to "
                        + "its holder only");
        assertInvalid("principals: [{name: a, token-sha256: " + hash + ", roles: [OFFICER], regions: [\"31000\"]}]",
                "principals[0] (a).regions[0]: not a 6-digit region code or \"*\"");
        assertInvalid("principals: [{name: a, token-sha256: " + hash + ", roles: [OFFICER]}]",
                "principals[0] (a).regions: an OFFICER needs at least one region");
        assertInvalid("principals: [{name: a, token-sha256: " + hash + ", roles: [ANALYST], banks: []}]",
                "principals[0] (a).banks: an ANALYST needs at least one bank");
        assertInvalid("principals: [{name: a, token-sha256: abc, roles: [ADMIN]}]",
                "principals[0] (a).token-sha256: must be 64 hex digits, the SHA-256 of the token "
                        + "(stoppay access new-token prints a token and its hash)");
        assertInvalid("principals: [{name: a, token-sha256: " + hash + "}]",
                "principals[0] (a).roles: none listed; one or more of OFFICER, ANALYST, ADMIN, SCRAPER");
        assertInvalid("principals: [{name: \"a b\", token-sha256: " + hash + ", roles: [ADMIN]}]",
                "principals[0].name: must be 1-64 letters, digits or . _ @ -, starting with a letter or digit");
        assertInvalid("principals: [{name: a, token-sha256: " + hash + ", roles: [ADMIN], banks: [\"a/b\"]}]",
                "principals[0] (a).banks[0]: not a bank code (1-32 letters, digits, _ or -) or \"*\"");
        assertInvalid(file(principal("a", "t1-0123456789abcdef", "[ADMIN]", ""),
                        principal("a", "t2-0123456789abcdef", "[ADMIN]", "")),
                "principals[1].name: \"a\" is listed twice");
        assertInvalid(file(principal("a", "t1-0123456789abcdef", "[ADMIN]", ""),
                        principal("b", "t1-0123456789abcdef", "[ADMIN]", "")),
                "principals[1].token-sha256: the same as an earlier principal's; every principal needs a token of its own");
        // Never the value found: it may be a token pasted into the wrong field
        assertInvalid("principals: [{name: a, token-sha256: " + hash + ", roles: [" + OFFICER_TOKEN + "]}]",
                "principals[0].roles[0]: not a role; one of OFFICER, ANALYST, ADMIN, SCRAPER");
        assertInvalid("principals: [{name: a, token-sha256: " + hash + ", regions: [\"" + hash + "\"], roles: [OFFICER]}]",
                "principals[0] (a).regions[0]: not a 6-digit region code or \"*\"");
        assertInvalid("principals: [{name: a, token: " + OFFICER_TOKEN + ", roles: [ADMIN]}]",
                "principals[0]: has a field that is not one of the access file's (name, token-sha256, roles, regions, "
                        + "banks, full-identifiers); its name is not shown, in case it is a token");
        // A token written as a key of its own (attack on issue 18): the key is not shown either
        assertInvalid("principals: [{name: a, token-sha256: " + hash + ", roles: [ADMIN], " + OFFICER_TOKEN + "}]",
                "principals[0]: has a field that is not one of the access file's (name, token-sha256, roles, regions, "
                        + "banks, full-identifiers); its name is not shown, in case it is a token");
        assertThatThrownBy(() -> AccessFile.parse(new byte[AccessFile.MAX_BYTES + 1]))
                .isInstanceOf(InvalidAccessFileException.class)
                .hasMessage("larger than 1048576 bytes; an access file is a list of principals, not data");
        assertThatThrownBy(() -> AccessFile.parse(new byte[] {'p', (byte) 0xC3, (byte) 0x28, ':'}))
                .isInstanceOf(InvalidAccessFileException.class).hasMessage("not UTF-8 text");
        assertInvalid("principals: [{name: a, roles: " + OFFICER_TOKEN + "]}]",
                "principals[0].roles: not of the expected kind (a list of texts)");
        assertInvalid("principals: [{name: a, roles: [ADMIN], full-identifiers: maybe}]",
                "principals[0].full-identifiers: not of the expected kind (true or false)");
        assertInvalid("principals: {}",
                "principals: not of the expected kind (a list of principals, each with name, token-sha256 and roles)");
        assertThatThrownBy(() -> AccessFile.parse("principals:\n  - {name: a, roles: [ADMIN\n"))
                .isInstanceOf(InvalidAccessFileException.class).hasMessageStartingWith("not valid YAML at line ");
    }

    @Test
    void shouldLetAnAdminSeeEveryRegionAndBankAndAStarMeanAll() {
        final Principal admin = new Principal("root", Set.of(Role.ADMIN), Set.of(), Set.of());
        final Principal national = new Principal("centre-000000", Set.of(Role.OFFICER), Set.of("*"), Set.of());

        assertThat(admin.seesRegion("650000")).isTrue();
        assertThat(admin.seesBank("0102")).isTrue();
        assertThat(national.seesRegion("650000")).isTrue();
        assertThat(national.seesBank("0102")).isFalse();
    }

    private static void assertInvalid(final String yaml, final String message) {
        assertThatThrownBy(() -> AccessFile.parse(yaml)).isInstanceOf(InvalidAccessFileException.class)
                .hasMessage(message);
    }

    private static Response reached(final Request request, final Principal caller) {
        return Response.json(200, Map.of("reached", caller.name()));
    }

    private static Request request(final String token, final Map<String, String> query) {
        return new Request("GET", List.of(), query, token == null ? Map.of() : Map.of("authorization", "Bearer " + token),
                new byte[0]);
    }

    private static String body(final Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static String hash(final String token) {
        return HexFormat.of().formatHex(Access.sha256(token));
    }

    static String principal(final String name, final String token, final String roles, final String scope) {
        return "  - name: " + name + "\n    token-sha256: " + hash(token) + "\n    roles: " + roles + "\n"
                + (scope.isEmpty() ? "" : "    " + scope + "\n");
    }

    static String file(final String... principals) {
        return "principals:\n" + String.join("", principals);
    }

    /** Rewrites the file and moves its modification time on, so that the change is seen whatever the clock's grain. */
    private static void rewrite(final Path path, final String text, final int step) throws Exception {
        Files.writeString(path, text);
        Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(step)));
    }
}
