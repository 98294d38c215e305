package io.stoppay.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.SubjectUsage;

class ChannelUsageProcessorTest {

    private static final String DEVICE = "DEVICE:dev-farm-07";
    private static final long T0 = 1_780_000_000_000L;

    private final MockProcessorContext<String, SubjectUsage> context = new MockProcessorContext<>();
    private final ChannelUsageProcessor processor = new ChannelUsageProcessor(Duration.ofHours(24), 5);
    private KeyValueStore<String, Long> payers;

    @BeforeEach
    void setUp() {
        payers = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ChannelUsageProcessor.STORE), Serdes.String(),
                Serdes.Long()).withLoggingDisabled().build();
        payers.init(context.getStateStoreContext(), payers);
        context.addStateStore(payers);
        processor.init(context);
    }

    @Test
    void shouldPublishTheCountWhenTheFifthPayerArrives() {
        // Given
        for (int i = 1; i <= 4; i++) {
            use("acct-" + i, T0 + i);
        }
        assertThat(context.forwarded()).isEmpty();

        // When
        use("acct-5", T0 + 5);

        // Then
        assertThat(context.forwarded()).singleElement()
                .satisfies(usage -> assertThat(usage.record().value().getAccounts()).isEqualTo(5));
    }

    /**
     * At-least-once: a crash after the fifth payer's entry reached its changelog but before the count
     * it made did (its marker and the published record) replays the record on an entry of the same time.
     */
    @Test
    void shouldRecountWhenAReplayedRecordFindsItsOwnEntry() {
        // Given: four payers counted, the fifth's entry written, no count published
        for (int i = 1; i <= 4; i++) {
            use("acct-" + i, T0 + i);
        }
        payers.put(DEVICE + '\0' + "acct-5", T0 + 5);

        // When: the fifth payer's record again
        use("acct-5", T0 + 5);

        // Then
        assertThat(context.forwarded()).singleElement()
                .satisfies(usage -> assertThat(usage.record().value().getAccounts()).isEqualTo(5));
    }

    @Test
    void shouldPublishNothingWhenAPayerCountedAlreadyPaysAgainBelowTheThreshold() {
        // Given
        for (int i = 1; i <= 4; i++) {
            use("acct-" + i, T0 + i);
        }

        // When
        use("acct-2", T0 + 60_000);

        // Then
        assertThat(context.forwarded()).isEmpty();
        assertThat(payers.get(DEVICE + '\0' + "acct-2")).isEqualTo(T0 + 60_000);
    }

    /** One business owner's many cards on their own phone are one payer; bought accounts in others' names are many. */
    @Test
    void shouldCountAHoldersAccountsOnce() {
        for (int i = 1; i <= 6; i++) {
            use(new ChannelPayer("owner-acct-" + i, "hash-of-owner").encoded(), T0 + i);
        }
        for (int i = 1; i <= 3; i++) {
            use(new ChannelPayer("bought-" + i, "hash-of-seller-" + i).encoded(), T0 + 10 + i);
        }
        assertThat(context.forwarded()).as("4 payers").isEmpty();

        use(new ChannelPayer("bought-4", null).encoded(), T0 + 20);

        assertThat(context.forwarded()).singleElement()
                .satisfies(usage -> assertThat(usage.record().value().getAccounts()).isEqualTo(5));
    }

    /** An entry a version that counted accounts wrote gives its place to the holder's: no one counted twice. */
    @Test
    void shouldCountAHolderOnceWhereAnEarlierVersionCountedItsAccount() {
        for (int i = 1; i <= 5; i++) {
            use("acct-" + i, T0 + i);
        }
        context.resetForwards();

        use(new ChannelPayer("acct-1", "hash-1").encoded(), T0 + 100);
        use(new ChannelPayer("acct-2", "hash-2").encoded(), T0 + 200);

        assertThat(context.forwarded()).as("the count of 5 stands").isEmpty();
        assertThat(payers.get(DEVICE + '\0' + "acct-1")).isNull();
    }

    /** A hub: above the threshold each new payer adds one, without recounting the channel's payers. */
    @Test
    void shouldAddEachNewPayerOfAPublishedChannelAsOne() {
        for (int i = 1; i <= 5; i++) {
            use("acct-" + i, T0 + i);
        }

        for (int i = 6; i <= 200; i++) {
            use("acct-" + i, T0 + i);
        }
        use("acct-7", T0 + 1_000);

        assertThat(context.forwarded()).extracting(usage -> usage.record().value().getAccounts())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(5, 200).boxed().toList());
    }

    /** A payer counted already recounts a published channel at most once a minute of event time. */
    @Test
    void shouldRecountAPublishedChannelOnAKnownPayersUseAtMostOnceAMinute() {
        final long day = Duration.ofHours(24).toMillis();
        for (int i = 1; i <= 4; i++) {
            use("acct-" + i, T0 + i);
        }
        use("acct-5", T0 + day - 10_000);
        context.resetForwards();

        use("acct-5", T0 + day + 20_000);
        assertThat(context.forwarded()).as("30 s after the count was made: no recount").isEmpty();

        use("acct-5", T0 + day + 70_000);
        assertThat(context.forwarded()).singleElement()
                .satisfies(withdrawn -> assertThat(withdrawn.record().value()).isNull());
    }

    @Test
    void shouldWithdrawACountWhosePayersAgedOutAtTheSweepThoughNoOneUsesTheChannel() {
        for (int i = 1; i <= 6; i++) {
            use("acct-" + i, T0 + i);
        }
        context.resetForwards();

        // Stream time stands still (a quiet task) while the wall clock passes the window.
        sweepAt(T0);
        sweepAt(T0 + Duration.ofHours(24).toMillis() + 10);

        assertThat(context.forwarded()).singleElement().satisfies(withdrawn -> {
            assertThat(withdrawn.record().key()).isEqualTo(DEVICE);
            assertThat(withdrawn.record().value()).isNull();
        });
        assertThat(payers.get(DEVICE)).isNull();
    }

    @Test
    void shouldPublishTheLowerCountWhenSomePayersAgeOut() {
        for (int i = 1; i <= 3; i++) {
            use("acct-" + i, T0 + i);
        }
        for (int i = 4; i <= 8; i++) {
            use("acct-" + i, T0 + Duration.ofHours(12).toMillis() + i);
        }
        context.resetForwards();
        context.setCurrentStreamTimeMs(T0 + Duration.ofHours(24).toMillis() + 100);

        sweepAt(T0);

        assertThat(context.forwarded()).singleElement()
                .satisfies(usage -> assertThat(usage.record().value().getAccounts()).isEqualTo(5));
    }

    private void sweepAt(final long wallClockMs) {
        context.scheduledPunctuators().forEach(scheduled -> scheduled.getPunctuator().punctuate(wallClockMs));
    }

    /** A payer's use at {@code time}, which is also stream time: records come in order here. */
    private void use(final String payer, final long time) {
        context.setCurrentStreamTimeMs(time);
        processor.process(new Record<>(DEVICE, payer, time));
    }
}
