package io.stoppay.app;

import io.stoppay.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks that StopPay's topics exist, and creates the missing ones when asked: table topics
 * compacted, event topics with the broker's retention, the list audit trail kept forever. In
 * production the topics come from the deployment (see deploy/); this is for the demo, tests and
 * first runs.
 */
public final class TopicProvisioner {

    private static final Duration LEADER_ELECTION_TIMEOUT = Duration.ofSeconds(60);

    /** How long the audit of subject reads is kept when StopPay creates its topic. */
    public static final Duration READ_AUDIT_RETENTION = Duration.ofDays(400);

    private final Admin admin;
    private final Topics topics;

    public TopicProvisioner(final Admin admin, final Topics topics) {
        this.admin = admin;
        this.topics = topics;
    }

    /** The names of StopPay's topics that do not exist yet. */
    public List<String> missing() throws InterruptedException, ExecutionException {
        final Set<String> existing = admin.listTopics().names().get();
        return topics.all().stream().filter(name -> !existing.contains(name)).toList();
    }

    /** Creates every missing topic with {@code partitions} partitions and the broker's replication. */
    public List<String> createMissing(final int partitions) throws InterruptedException, ExecutionException {
        final List<NewTopic> toCreate = new ArrayList<>();
        for (final String name : missing()) {
            final NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.empty());
            if (topics.compacted().contains(name)) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            } else if (name.equals(topics.payments().name())) {
                // The broker stamps each payment as it arrives: the stale-time check and the decision
                // latency then measure from a time no feeder's clock or CreateTime can move (a replay
                // two days old, stamped by its feeder as if it were fresh, would be decided).
                topic.configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
            } else if (name.equals(topics.listAudit().name())) {
                // The audit trail answers "who listed or released this subject, and why" for as long as
                // a case or an appeal can be reopened: it must outlive the broker's default retention
                // (7 days), and compaction would keep only the last change per subject. It is small
                // (one record per operator action), so it is kept forever.
                topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
            } else if (name.equals(topics.subjectReadAudit().name())) {
                // Who read whose data must be answerable for a year after, as a bank's security
                // review asks: 400 days, a year and a month. One small record per read.
                topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(READ_AUDIT_RETENTION.toMillis())));
            }
            toCreate.add(topic);
        }
        createIfAbsent(admin, toCreate);
        return toCreate.stream().map(NewTopic::name).toList();
    }

    /**
     * Creates topics; one that already exists (another instance was first) is left as it is.
     * Returns once every partition of them has a leader. A producer that writes before that gets
     * NOT_LEADER on its first batch; an idempotent one with later batches already in flight can then
     * be refused with OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (2 min), which is
     * how a benchmark run once stalled.
     */
    public static void createIfAbsent(final Admin admin, final Collection<NewTopic> topics)
            throws InterruptedException, ExecutionException {
        for (final KafkaFuture<Void> created : admin.createTopics(topics).values().values()) {
            try {
                created.get();
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
    }

    private static void awaitLeaders(final Admin admin, final Collection<String> names)
            throws InterruptedException, ExecutionException {
        final long deadline = System.nanoTime() + LEADER_ELECTION_TIMEOUT.toNanos();
        while (!names.isEmpty() && !allLed(admin, names)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions of " + names + " have no leader after "
                        + LEADER_ELECTION_TIMEOUT.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static boolean allLed(final Admin admin, final Collection<String> names)
            throws InterruptedException, ExecutionException {
        try {
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (final ExecutionException e) {
            // The broker asked has not yet learnt of the new topic.
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The partition count of {@code topic}.
     *
     * @throws IllegalStateException when the topic does not exist or the cluster cannot be asked
     */
    public static int partitionsOf(final Admin admin, final String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(LEADER_ELECTION_TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS).get(topic).partitions().size();
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause() instanceof UnknownTopicOrPartitionException
                    ? "topic " + topic + " does not exist; create it, or start with --create-topics"
                    : "cannot describe topic " + topic + ": " + e.getCause().getMessage(), e);
        } catch (final TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic + " within "
                    + LEADER_ELECTION_TIMEOUT.toSeconds() + " s: is the cluster reachable?", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
    }
}
