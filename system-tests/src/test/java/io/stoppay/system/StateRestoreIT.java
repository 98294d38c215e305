package io.stoppay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.PaymentTransaction;

/**
 * An instance whose local state directory is lost (a new disk, a pod rescheduled without its
 * volume) rebuilds every store from the changelogs: not ready while it restores, and once ready
 * it answers the query API exactly as it did before.
 */
class StateRestoreIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACCOUNTS_TO_CHECK = 30;

    @TempDir
    Path work;

    @Test
    void shouldRebuildAWipedStateDirectoryAndAnswerQueriesAsBefore() throws Exception {
        try (ReliabilityFixture fixture = ReliabilityFixture.start(work, 17)) {
            final StopPayInstance instance = fixture.instance("restore").start();
            fixture.awaitReferenceData(instance);
            fixture.feed().start(ReliabilityFixture.paymentsFor(5), ReliabilityFixture.RATE, 250);
            fixture.awaitEverythingDecided(Duration.ofMinutes(5));

            final List<String> subjects = subjectsToCheck(fixture);
            final Map<String, JsonNode> before = answers(instance, subjects);
            instance.stop();
            deleteRecursively(instance.stateDir());
            instance.start();
            await().atMost(Duration.ofMinutes(3)).until(instance::ready);

            assertThat(answers(instance, subjects)).isEqualTo(before);
            ReliabilityFixture.record("restore (state directory wiped)", subjects.size()
                    + " subjects answered identically after rebuilding from the changelogs");
        }
    }

    private static List<String> subjectsToCheck(final ReliabilityFixture fixture) {
        final Stream<String> accounts = fixture.feed().payments().stream()
                .map(PaymentTransaction::getPayee).map(party -> "ACCOUNT/" + party.getAccountId())
                .distinct().sorted().limit(ACCOUNTS_TO_CHECK);
        return Stream.concat(accounts, Stream.of(fixture.feed().lastListedSubject().replace(':', '/'))).toList();
    }

    /** The query API's answer per subject, without the field naming the instance that answered. */
    private static Map<String, JsonNode> answers(final StopPayInstance instance, final List<String> subjects)
            throws IOException {
        final Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (final String subject : subjects) {
            final var answer = instance.get("/v1/subjects/" + subject);
            assertThat(answer).as(subject).isNotNull();
            assertThat(answer.statusCode()).as(subject).isEqualTo(200);
            final JsonNode json = JSON.readTree(answer.body());
            ((ObjectNode) json).remove("answeredBy");
            answers.put(subject, json);
        }
        return answers;
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
