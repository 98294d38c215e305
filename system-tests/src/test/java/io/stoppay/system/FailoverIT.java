package io.stoppay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with a standby replica of every store, on one broker and on a three-node KRaft
 * cluster (replication 3, {@code min.insync.replicas} 2); one instance is killed with SIGKILL. Its payments
 * stall until its session expires, then the other instance promotes its standbys and carries on.
 * Measured on the broker's clock: how long after the kill the stalled payments were decided
 * (budget 30 s) and when decisions were back to normal latency (budget 60 s); see {@link Budget}
 * for the three-node case in {@code mvn verify}.
 */
class FailoverIT {

    private static final int SECONDS_OF_TRAFFIC = 15;
    private static final long NORMAL_LATENCY_MS = 2_000;

    @TempDir
    Path work;

    /** On one broker, and on a three-node KRaft cluster of broker processes with replication 3. */
    @ParameterizedTest(name = "{0} broker(s)")
    @ValueSource(ints = {1, 3})
    void shouldResumeOnTheSurvivorAndDrainTheLagWithinTheBudget(final int brokers) throws Exception {
        final int rate = feedRate(brokers);
        final int payments = SECONDS_OF_TRAFFIC * rate * ReliabilityFixture.LENGTH;
        try (ReliabilityFixture fixture = ReliabilityFixture.start(work, 13, brokers)) {
            final StopPayInstance survivor = fixture.instance("survivor").start();
            final StopPayInstance victim = fixture.instance("victim").start();
            fixture.awaitReferenceData(survivor);
            await().atMost(Duration.ofMinutes(2)).until(() -> victim.ready() && fixture.groupMembers() == 2);
            fixture.feed().start(payments, rate, 300);

            await().atMost(Duration.ofMinutes(5)).until(() -> fixture.feed().sent() >= payments / 3);
            final long killedAt = System.currentTimeMillis();
            victim.kill();

            final PublishedOutputs out = fixture.awaitEverythingDecided(Duration.ofMinutes(5));
            final ReliabilityFixture.ExactlyOnceReport report = fixture.assertExactlyOnce(out);
            final Recovery recovery = Recovery.of(fixture.feed().appendTimes(), out.decidedAt(),
                    fixture.feed().payerPartitions(ReliabilityFixture.PARTITIONS), killedAt);

            // Recorded before the budgets are asserted, so that a miss leaves its numbers too.
            ReliabilityFixture.record("failover on " + brokers + " broker(s) (SIGKILL one of two instances, standby "
                    + "replicas 1, " + rate + " payments/s, session timeout " + ReliabilityFixture.SESSION_TIMEOUT.toSeconds() + " s)", String.format(
                    "processing resumed %.1f s after the kill (per payer partition, ms: %s), lag drained after %.1f s; %s",
                    recovery.resumedMs() / 1000.0, recovery.resumedPerPartition(), recovery.drainedMs() / 1000.0, report));
            final Budget budget = Budget.of(brokers);
            assertThat(recovery.resumedMs()).as("ms from the kill until the stalled payments were decided")
                    .isLessThanOrEqualTo(budget.resumeMs());
            assertThat(recovery.drainedMs()).as("ms from the kill until decisions were back to normal latency")
                    .isLessThanOrEqualTo(budget.drainMs());
        }
    }

    /**
     * The budget, 30 s to resume and 60 s to drain, on one broker, and on three in the long
     * form ({@code -Preliability-long}). In {@code mvn verify} the three-node case shares CI's two cores
     * between three replicating brokers, both instances, the feed and the test; there its resume time
     * ranged 10.7-30.3 s at 75/s (26-35 s at 150/s) with the takeover itself at 11-12 s, so it guards
     * against a regression (a default session timeout of 45 s alone would miss) with 60 s and 90 s,
     * and records its numbers (system-tests/RESULTS.md).
     */
    record Budget(long resumeMs, long drainMs) {

        static Budget of(final int brokers) {
            return brokers == 1 || ReliabilityFixture.LENGTH > 1 ? new Budget(30_000, 60_000) : new Budget(60_000, 90_000);
        }
    }

    /**
     * The feed's rate: the reliability rate on one broker, half of it on the three-node cluster (in
     * both forms). On this 2-core machine, three brokers replicating every transaction marker leave
     * the lone survivor little more than 150 payments/s under exactly-once; sampled, its stream
     * thread spent three quarters of its time in commits. At 150/s the catch-up after the takeover,
     * not the takeover, decided the measurement: 26-35 s, and still 32 s once the brokers waited for
     * markers instead of refusing writes (README "Failover"). At half the rate the stall's backlog
     * drains in seconds and the test measures the takeover (system-tests/RESULTS.md, 2026-12-01).
     */
    private static int feedRate(final int brokers) {
        return brokers == 1 ? ReliabilityFixture.RATE : ReliabilityFixture.RATE / 2;
    }

    /**
     * {@code resumedMs}: from the kill until every payer partition had decided a payment sent after
     * the kill (those of the dead instance's partitions wait until the survivor has taken them over;
     * payments it had passed on before dying may be decided sooner, so they do not count).
     * {@code drainedMs}: from the kill until the last decision that took longer than normal.
     * {@code resumedPerPartition}: the first, per payer partition, to tell the dead instance's from the survivor's.
     */
    record Recovery(long resumedMs, long drainedMs, Map<Integer, Long> resumedPerPartition) {

        static Recovery of(final Map<String, Long> sentAt, final Map<String, Long> decidedAt,
                           final Map<String, Integer> partitionOf, final long killedAt) {
            final Map<Integer, Long> firstAfterKill = new HashMap<>();
            long drained = 0;
            for (final Map.Entry<String, Long> sent : sentAt.entrySet()) {
                final long decided = decidedAt.get(sent.getKey());
                if (sent.getValue() > killedAt) {
                    firstAfterKill.merge(partitionOf.get(sent.getKey()), decided, Math::min);
                }
                if (decided - sent.getValue() > NORMAL_LATENCY_MS) {
                    drained = Math.max(drained, decided - killedAt);
                }
            }
            final Map<Integer, Long> perPartition = new TreeMap<>();
            firstAfterKill.forEach((partition, at) -> perPartition.put(partition, at - killedAt));
            final long resumed = perPartition.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return new Recovery(resumed, drained, perPartition);
        }
    }
}
