package io.stoppay.backfill;

import static io.stoppay.backfill.PaymentJsonTest.MINIMAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JSON Lines history is read line by line; each bad line is an entry with its line number, and the reading goes on. */
class JsonLinesFileTest {

    @TempDir
    private Path dir;

    @Test
    void shouldReadEachPaymentWithItsLineNumberSkippingBlankLines() {
        // Given: blank lines, one of blanks only, Windows line breaks, no final line break
        final String text = MINIMAL + "\r\n\n   \t\r\n" + MINIMAL.replace("TX-1", "TX-2") + "\n" + MINIMAL.replace("TX-1", "TX-3");

        // When
        final List<HistoryEntry> entries = readAll(text);

        // Then
        assertThat(entries).extracting(HistoryEntry::position).containsExactly("line 1", "line 4", "line 5");
        assertThat(entries).extracting(entry -> entry.payment().getTxnId()).containsExactly("TX-1", "TX-2", "TX-3");
    }

    @Test
    void shouldReportEveryKindOfBadLineWithItsNumberAndGoOn() {
        // Given
        final String text = String.join("\n",
                MINIMAL,
                "{\"txnId\": \"TX-2\", ",
                "",
                MINIMAL.replace("\"amountMinor\": 300000, ", ""),
                MINIMAL.replace("300000", "\"3000.00\""),
                "[]",
                MINIMAL.replace("TX-1", "TX-7"), "");

        // When
        final List<HistoryEntry> entries = readAll(text);

        // Then
        assertThat(entries).extracting(entry -> entry.position() + " " + (entry.isUnreadable()
                        ? entry.rejection().reason() + ": " + entry.rejection().getMessage() : entry.payment().getTxnId()))
                .containsExactly(
                        "line 1 TX-1",
                        "line 2 MALFORMED_JSON: not valid JSON (at column 19)",
                        "line 4 MISSING_FIELD: amountMinor",
                        "line 5 WRONG_TYPE: amountMinor: must be an integer, not a string",
                        "line 6 MALFORMED_JSON: not a JSON object",
                        "line 7 TX-7");
    }

    /** Exports are shipped compressed: a gzip file is read as its text, whatever its name. */
    @Test
    void shouldReadAGzipCompressedFile() throws IOException {
        // Given
        final Path file = dir.resolve("history.export");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((MINIMAL + "\n" + MINIMAL.replace("TX-1", "TX-2") + "\n").getBytes(StandardCharsets.UTF_8));
        }

        // When
        final List<HistoryEntry> entries = readAll(JsonLinesFile.open(file));

        // Then
        assertThat(entries).extracting(entry -> entry.position() + " " + entry.payment().getTxnId())
                .containsExactly("line 1 TX-1", "line 2 TX-2");
    }

    @Test
    void shouldRejectALineThatIsNotUtf8() throws IOException {
        // Given: a line from a GBK export between two good ones
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((MINIMAL + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.write(MINIMAL.replace("TX-1", "TX-2").replace("\"currency\"", "\"memo\": \"张三\", \"currency\"")
                .getBytes("GBK"));
        bytes.write(("\n" + MINIMAL.replace("TX-1", "TX-3") + "\n").getBytes(StandardCharsets.UTF_8));

        // When
        final List<HistoryEntry> entries = readAll(JsonLinesFile.of(new ByteArrayInputStream(bytes.toByteArray()), -1));

        // Then
        assertThat(entries).extracting(entry -> entry.isUnreadable() ? entry.rejection().reason() : entry.payment().getTxnId())
                .containsExactly("TX-1", "NOT_UTF8", "TX-3");
    }

    @Test
    void shouldRejectAnOverlongLineWithoutHoldingItAndReadTheNext() {
        // Given
        final String text = "{\"txnId\": \"" + "x".repeat(JsonLinesFile.MAX_LINE_CHARS * 3) + "\"}\n" + MINIMAL + "\n";

        // When
        final List<HistoryEntry> entries = readAll(text);

        // Then
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).position()).isEqualTo("line 1");
        assertThat(entries.get(0).rejection().reason()).isEqualTo("LINE_TOO_LONG");
        assertThat(entries.get(1).position()).isEqualTo("line 2");
        assertThat(entries.get(1).payment().getTxnId()).isEqualTo("TX-1");
    }

    @Test
    void shouldReadAFileWithAByteOrderMarkAndTellHowMuchOfItIsRead() throws IOException {
        // Given
        final Path file = Files.writeString(dir.resolve("history.jsonl"), "\uFEFF" + MINIMAL + "\n"
                + MINIMAL.replace("TX-1", "TX-2") + "\n", StandardCharsets.UTF_8);

        // When
        try (JsonLinesFile history = JsonLinesFile.open(file)) {
            assertThat(history.fractionRead()).hasValue(0.0);
            final List<HistoryEntry> entries = readAll(history);

            // Then
            assertThat(entries).extracting(entry -> entry.payment().getTxnId()).containsExactly("TX-1", "TX-2");
            assertThat(history.fractionRead()).hasValue(1.0);
            assertThat(history.measure()).isEqualTo("of the file");
        }
    }

    @Test
    void shouldNotKnowHowMuchIsReadOfAStreamOfUnknownSize() {
        assertThat(JsonLinesFile.of(new ByteArrayInputStream(new byte[0]), -1).fractionRead()).isEmpty();
    }

    @Test
    void shouldNameAMissingFileOrADirectory() {
        assertThatThrownBy(() -> JsonLinesFile.open(dir.resolve("nope.jsonl")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read " + dir.resolve("nope.jsonl") + ": no such file");
        assertThatThrownBy(() -> JsonLinesFile.open(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read " + dir + ": it is a directory");
    }

    private static List<HistoryEntry> readAll(final String text) {
        return readAll(JsonLinesFile.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), -1));
    }

    static List<HistoryEntry> readAll(final HistorySource source) {
        final List<HistoryEntry> entries = new ArrayList<>();
        Optional<HistoryEntry> entry;
        while ((entry = source.next()).isPresent()) {
            entries.add(entry.get());
        }
        assertThat(source.next()).as("the end stays the end").isEmpty();
        return entries;
    }
}
