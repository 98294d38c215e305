package io.stoppay.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/**
 * A backfill run: what it publishes, keyed how, what {@code --since} skips, what it rejects and
 * how it tells it, and when it reports progress.
 */
class BackfillTest {

    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    private static final String PAYER = "6222020200112233441";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final StringWriter err = new StringWriter();
    private final AtomicLong nanos = new AtomicLong();
    private final ProgressLog progress = new ProgressLog(new PrintWriter(err, true), nanos::get, "90 d");
    private final ListSink sink = new ListSink();

    @Test
    void shouldPublishPaymentsWithinSinceKeyedByTheirTrimmedPayerAndSkipOlderOnes() {
        // Given
        final String text = String.join("\n",
                line("TX-20D", " " + PAYER + "\u3000", NOW.minus(Duration.ofDays(20)), 300_000),
                line("TX-100D", PAYER, NOW.minus(Duration.ofDays(100)), 300_000),
                line("TX-90D", PAYER, NOW.minus(Duration.ofDays(90)), 300_000),
                line("TX-NOW", PAYER, NOW, 300_000));

        // When
        final BackfillCounts counts = backfill(Duration.ofDays(90)).run(file(text));

        // Then
        assertThat(sink.published).extracting(p -> p.key() + " " + p.payment().getTxnId())
                .containsExactly(PAYER + " TX-20D", PAYER + " TX-90D", PAYER + " TX-NOW");
        assertThat(counts).isEqualTo(new BackfillCounts(4, 3, 1, 0));
        assertThat(sink.flushed).isTrue();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldRejectWhatCannotBeAPaymentWithItsLineAndGoOn() {
        // Given
        final String text = String.join("\n",
                line("TX-1", PAYER, NOW.minus(Duration.ofDays(3)), 300_000),
                line("TX-ZERO", PAYER, NOW.minus(Duration.ofDays(3)), 0),
                "{\"txnId\": ",
                line("TX-1999", PAYER, Instant.parse("1999-12-31T00:00:00Z"), 300_000),
                line("TX-FUTURE", PAYER, NOW.plus(Duration.ofHours(1)), 300_000),
                line("TX-NOPAYER", " ", NOW.minus(Duration.ofDays(3)), 300_000),
                line("TX-RMB", PAYER, NOW.minus(Duration.ofDays(3)), 300_000).replace("CNY", "RMB"),
                line("TX-LONG", PAYER, NOW.minus(Duration.ofDays(3)), 300_000)
                        .replace("\"currency\"", "\"deviceId\": \"" + "d".repeat(3_000) + "\", \"currency\""),
                line("TX-9", PAYER, NOW.minus(Duration.ofDays(3)), 300_000));

        // When
        final BackfillCounts counts = backfill(Duration.ofDays(90)).run(file(text));

        // Then: the 1999 payment is impossible, not merely older than --since
        assertThat(err.toString().lines()).containsExactly(
                "line 2: INVALID_AMOUNT: payment TX-ZERO has amountMinor 0; it must be within 1..10^15",
                "line 3: MALFORMED_JSON: not valid JSON (at column 11)",
                "line 4: INVALID_EVENT_TIME: payment TX-1999 has eventTime 1999-12-31T00:00:00Z, before "
                        + "2000-01-01T00:00:00Z (seconds sent as milliseconds?)",
                "line 5: FUTURE_EVENT_TIME: payment TX-FUTURE has eventTime 2026-11-23T03:00:00Z, more than PT5M ahead "
                        + "of its Kafka timestamp or of StopPay's clock",
                "line 6: MISSING_PAYER_ACCOUNT: payment has no payer accountId",
                "line 7: UNKNOWN_CURRENCY: payment TX-RMB has currency 'RMB', not an ISO 4217 code",
                "line 8: FIELD_TOO_LONG: PaymentTransaction.deviceId has 3000 characters; at most 2048 are accepted");
        assertThat(sink.published).extracting(p -> p.payment().getTxnId()).containsExactly("TX-1", "TX-9");
        assertThat(counts).isEqualTo(new BackfillCounts(9, 2, 0, 7));
        assertThat(err.toString()).doesNotContain(PAYER);
    }

    /** A column-shifted export puts a card number where the currency was: the check quotes it, masked. */
    @Test
    void shouldMaskIdentifiersAndNameOverLongFieldsInRejections() {
        // Given
        final String text = String.join("\n",
                line("TX-SHIFTED", PAYER, NOW.minus(Duration.ofDays(3)), 300_000).replace("\"CNY\"", "\"6222020200112233441\""),
                line("T".repeat(3_000), PAYER, NOW.minus(Duration.ofDays(3)), 0));

        // When
        backfill(Duration.ofDays(90)).run(file(text));

        // Then
        assertThat(err.toString().lines()).containsExactly(
                "line 1: UNKNOWN_CURRENCY: payment TX-SHIFTED has currency '6222…3441', not an ISO 4217 code",
                "line 2: FIELD_TOO_LONG: PaymentTransaction.txnId has 3000 characters; at most 2048 are accepted");
    }

    @Test
    void shouldShowTheFirstHundredRejectionsAndCountTheRest() {
        // Given
        final String text = String.join("\n", IntStream.range(0, 150).mapToObj(i -> "not json").toList());

        // When
        final BackfillCounts counts = backfill(Duration.ofDays(90)).run(file(text));

        // Then
        final List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(101);
        assertThat(lines.get(99)).startsWith("line 100: MALFORMED_JSON: ");
        assertThat(lines.get(100)).isEqualTo("… and 50 more rejected records not shown");
        assertThat(counts.rejected()).isEqualTo(150);
    }

    @Test
    void shouldStayQuietOnAShortRun() {
        // When: three records, a second each
        final BackfillCounts counts = backfill(Duration.ofDays(90)).run(new TickingSource(3));

        // Then
        assertThat(err.toString()).isEmpty();
        assertThat(progress.summary(counts)).isEqualTo("3 read, 3 published, 0 skipped (older than 90 d), 0 rejected; "
                + "3.0 s, 1/s");
    }

    @Test
    void shouldTellProgressEveryFiveSecondsOfALongRun() {
        // When: twelve records, a second each
        backfill(Duration.ofDays(90)).run(new TickingSource(12));

        // Then
        assertThat(err.toString().lines()).containsExactly(
                "backfill: 5 read, 5 published, 0 skipped (older than 90 d), 0 rejected; 1/s; 41% of the test",
                "backfill: 10 read, 10 published, 0 skipped (older than 90 d), 0 rejected; 1/s; 83% of the test");
    }

    private Backfill backfill(final Duration since) {
        return new Backfill(Duration.ofMinutes(5), since, clock, sink, new RejectionLog(new PrintWriter(err, true)),
                progress, Pace.unlimited());
    }

    private static HistorySource file(final String text) {
        return JsonLinesFile.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), -1);
    }

    private static String line(final String txnId, final String payer, final Instant eventTime, final long amountMinor) {
        return "{\"txnId\": \"" + txnId + "\", \"eventTime\": \"" + eventTime + "\", \"channel\": \"MOBILE_BANKING\", "
                + "\"payer\": {\"accountId\": \"" + payer + "\"}, \"payee\": {\"accountId\": \"6217000012345678901\"}, "
                + "\"amountMinor\": " + amountMinor + ", \"currency\": \"CNY\"}";
    }

    private record Published(String key, PaymentTransaction payment) {
    }

    /** Writes nothing anywhere: keeps what it is given. */
    private static final class ListSink implements HistorySink {

        final List<Published> published = new ArrayList<>();
        boolean flushed;

        @Override
        public void publish(final String key, final PaymentTransaction payment) {
            published.add(new Published(key, payment));
        }

        @Override
        public void flush() {
            flushed = true;
        }

        @Override
        public long published() {
            return published.size();
        }
    }

    /** Valid payments, each taking a second of the progress log's time to read. */
    private final class TickingSource implements HistorySource {

        private final int size;
        private int read;

        TickingSource(final int size) {
            this.size = size;
        }

        @Override
        public Optional<HistoryEntry> next() {
            if (read == size) {
                return Optional.empty();
            }
            read++;
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            return Optional.of(HistoryEntry.read("record " + read, PaymentTransaction.newBuilder().setTxnId("TX-" + read)
                    .setEventTime(NOW.minus(Duration.ofDays(1))).setChannel(Channel.ATM)
                    .setPayer(Party.newBuilder().setAccountId(PAYER).build())
                    .setPayee(Party.newBuilder().setAccountId("6217000012345678901").build())
                    .setAmountMinor(10_000).setCurrency("CNY").build()));
        }

        @Override
        public OptionalDouble fractionRead() {
            return OptionalDouble.of((double) read / size);
        }

        @Override
        public String measure() {
            return "of the test";
        }

        @Override
        public void close() {
        }
    }
}
