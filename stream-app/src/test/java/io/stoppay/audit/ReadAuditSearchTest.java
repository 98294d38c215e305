package io.stoppay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.access.Principal;
import io.stoppay.access.Role;
import io.stoppay.api.Request;
import io.stoppay.api.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the audit search refuses before it reads the topic (no broker here: reaching it would fail the test). */
class ReadAuditSearchTest {

    private final ReadAuditSearch search = new ReadAuditSearch(Map.of(), "audit.subject-reads.v1", Clock.systemUTC());
    private final Principal admin = new Principal("admin", Set.of(Role.ADMIN), Set.of(), Set.of(), true);

    private Response search(final Map<String, String> query) throws Exception {
        return search.handle(new Request("GET", List.of("subject-reads"), query, Map.of(), new byte[0]), admin);
    }

    @Test
    void shouldRefuseAnUnknownSubjectTypeInsteadOfMatchingNothing() throws Exception {
        final Response response = search(Map.of("type", "FOO"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("type: must be one of [")
                .contains("PHONE").doesNotContain("FOO");
    }

    @Test
    void shouldRefuseALimitOutsideItsRangeAndAnInvertedWindow() throws Exception {
        assertThat(search(Map.of("limit", "0")).status()).isEqualTo(400);
        assertThat(search(Map.of("limit", "1001")).status()).isEqualTo(400);
        assertThat(search(Map.of("from", "2026-12-02T00:00:00Z", "to", "2026-12-01T00:00:00Z")).status())
                .isEqualTo(400);
    }
}
