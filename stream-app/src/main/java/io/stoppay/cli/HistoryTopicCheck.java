package io.stoppay.cli;

import io.stoppay.app.TopicProvisioner;
import io.stoppay.topology.Topics;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * Before a backfill writes anything: the payment history topic exists and has as many partitions
 * as the payments topic, as StopPay requires to start (a payer's past must land in the task that
 * judges the payer). Otherwise a {@link StopPayCli.UsageException} saying what to create.
 */
final class HistoryTopicCheck {

    private static final long TIMEOUT_SECONDS = 60;

    private HistoryTopicCheck() {
    }

    static void require(final Admin admin, final Topics topics) throws InterruptedException, ExecutionException,
            TimeoutException {
        final String history = topics.paymentHistory().name();
        final String payments = topics.payments().name();
        final Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (final String topic : new String[] {payments, history}) {
            if (!existing.contains(topic)) {
                throw new StopPayCli.UsageException("topic " + topic + " does not exist: create " + history
                        + " with as many partitions as " + payments + " (stoppay run --create-topics creates both)");
            }
        }
        final int partitions = TopicProvisioner.partitionsOf(admin, payments);
        final int historyPartitions = TopicProvisioner.partitionsOf(admin, history);
        if (historyPartitions != partitions) {
            throw new StopPayCli.UsageException("topic " + history + " has " + historyPartitions + " partitions and "
                    + payments + " has " + partitions + ": recreate " + history + " with " + partitions
                    + " partitions (StopPay does not start otherwise)");
        }
    }
}
