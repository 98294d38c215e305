package io.stoppay.system;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances join and leave while payments flow (1 → 3 → 1), as a Kubernetes scale-out and
 * scale-in would make them: tasks move twice, with their state, and every payment is still decided
 * exactly once with each account's history intact.
 */
class ScaleOutAndInIT {

    private static final int PAYMENTS = ReliabilityFixture.paymentsFor(15);
    private static final int RATE = ReliabilityFixture.RATE;

    @TempDir
    Path work;

    @Test
    void shouldDecideExactlyOnceWhileInstancesJoinAndLeave() throws Exception {
        try (ReliabilityFixture fixture = ReliabilityFixture.start(work, 11)) {
            final StopPayInstance first = fixture.instance("first").start();
            fixture.awaitReferenceData(first);
            fixture.feed().start(PAYMENTS, RATE, 300);

            await().atMost(Duration.ofMinutes(5)).until(() -> fixture.feed().sent() >= PAYMENTS / 4);
            final StopPayInstance second = fixture.instance("second").start();
            final StopPayInstance third = fixture.instance("third").start();
            await().atMost(Duration.ofMinutes(3)).until(() -> fixture.groupMembers() == 3);

            await().atMost(Duration.ofMinutes(5)).until(() -> fixture.feed().sent() >= PAYMENTS * 3 / 4);
            second.stop();
            third.stop();

            final PublishedOutputs out = fixture.awaitEverythingDecided(Duration.ofMinutes(5));
            final ReliabilityFixture.ExactlyOnceReport report = fixture.assertExactlyOnce(out);
            await().atMost(Duration.ofMinutes(2)).until(first::ready);
            final int accounts = fixture.assertBehaviourMatchesInput(first, 50);
            ReliabilityFixture.record("rebalance (1 → 3 → 1 instances)", report + "; " + accounts
                    + " busiest accounts' histories equal to the input; duplicates 0, losses 0");
        }
    }
}
