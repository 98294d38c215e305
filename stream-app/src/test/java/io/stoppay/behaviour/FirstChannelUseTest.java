package io.stoppay.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.Channel;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.Party;

/**
 * A payer's uses of a device or IP reach the channel's count once per refresh period: the first at
 * once, the rest of the period not at all, the first of the next period again.
 */
class FirstChannelUseTest {

    private static final Duration REFRESH = Duration.ofHours(1);
    /** The start of a refresh period. */
    private static final long PERIOD = 1_780_002_000_000L - 1_780_002_000_000L % REFRESH.toMillis();

    @TempDir
    File stateDir;
    private MockProcessorContext<String, String> context;
    private WindowStore<String, Long> uses;

    @AfterEach
    void closeStore() {
        uses.close();
    }

    @Test
    void shouldPassOnAPayersFirstUseOfEachChannelInAPeriodAndNoOther() {
        final FirstChannelUse gate = gate(REFRESH);

        gate.process(use("alice", "dev-1", "10.0.0.1", PERIOD + 1_000));
        gate.process(use("alice", "dev-1", "10.0.0.1", PERIOD + 2_000));
        gate.process(use("alice", "dev-1", "10.0.0.9", PERIOD + 3_000));
        gate.process(use("bob", "dev-1", "10.0.0.1", PERIOD + 4_000));

        assertThat(context.forwarded()).extracting(f -> f.record().key(), f -> f.record().value(), f -> f.record().timestamp())
                .containsExactly(
                        tuple("DEVICE:dev-1", "alice", PERIOD + 1_000),
                        tuple("IP:10.0.0.1", "alice", PERIOD + 1_000),
                        tuple("IP:10.0.0.9", "alice", PERIOD + 3_000),
                        tuple("DEVICE:dev-1", "bob", PERIOD + 4_000),
                        tuple("IP:10.0.0.1", "bob", PERIOD + 4_000));
    }

    @Test
    void shouldPassOnTheFirstUseOfTheNextPeriod() {
        final FirstChannelUse gate = gate(REFRESH);
        gate.process(use("alice", "dev-1", null, PERIOD + 1_000));
        gate.process(use("alice", "dev-1", null, PERIOD + REFRESH.toMillis() - 1));
        context.resetForwards();

        gate.process(use("alice", "dev-1", null, PERIOD + REFRESH.toMillis()));

        assertThat(context.forwarded()).extracting(f -> f.record().timestamp()).containsExactly(PERIOD + REFRESH.toMillis());
    }

    @Test
    void shouldPassOnAReplayedUseAgainSoThatACountLostInACrashIsMade() {
        final FirstChannelUse gate = gate(REFRESH);
        gate.process(use("alice", "dev-1", null, PERIOD + 1_000));

        gate.process(use("alice", "dev-1", null, PERIOD + 1_000));

        assertThat(context.forwarded()).hasSize(2);
    }

    @Test
    void shouldPassOnEveryUseWithNoRefreshPeriod() {
        final FirstChannelUse gate = gate(Duration.ZERO);

        gate.process(use("alice", "dev-1", null, PERIOD + 1_000));
        gate.process(use("alice", "dev-1", null, PERIOD + 2_000));

        assertThat(context.forwarded()).hasSize(2);
    }

    private FirstChannelUse gate(final Duration refresh) {
        context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), stateDir);
        uses = FirstChannelUse.builder(refresh).withLoggingDisabled().build();
        uses.init(context.getStateStoreContext(), uses);
        context.addStateStore(uses);
        final FirstChannelUse gate = new FirstChannelUse(refresh);
        gate.init(context);
        return gate;
    }

    private static Record<String, PaymentTransaction> use(final String payer, final String device, final String ip,
                                                          final long time) {
        final PaymentTransaction txn = PaymentTransaction.newBuilder()
                .setTxnId(payer + "-" + time)
                .setEventTime(Instant.ofEpochMilli(time))
                .setPayer(Party.newBuilder().setAccountId(payer).build())
                .setPayee(Party.newBuilder().setAccountId("shop").build())
                .setAmountMinor(100)
                .setCurrency("CNY")
                .setChannel(Channel.MOBILE_BANKING)
                .setDeviceId(device)
                .setIpAddress(ip)
                .build();
        return new Record<>(payer, txn, time);
    }
}
