package io.stoppay.backfill;

import io.stoppay.validation.InvalidRecordException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.zip.GZIPInputStream;

/**
 * A payment history in JSON Lines: UTF-8 text, one {@link PaymentJson} object a line (a
 * byte-order mark at the start is allowed), read one line at a time, so a file of any size runs in
 * little memory. Blank lines are skipped. A line that is not a payment is an unreadable entry at
 * {@code line N} (counting every line of the file from 1, blank ones too): its {@link PaymentJson}
 * error, {@code NOT_UTF8}, or {@code LINE_TOO_LONG} past {@value #MAX_LINE_CHARS} characters (the
 * rest of that line is skipped unread, so one broken line cannot exhaust the heap).
 */
public final class JsonLinesFile implements HistorySource {

    /** Far more than a payment needs (no text field may pass 2,048 characters). */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** What a lenient UTF-8 decoder puts where the bytes are not UTF-8. */
    private static final char REPLACEMENT = '\uFFFD';

    private final CountingStream bytes;
    private final Reader text;
    private final long size;
    private final StringBuilder line = new StringBuilder();
    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;

    private long lineNumber;
    /** Whether the last {@link #readLine()} reached the end of the input. */
    private boolean atEnd;

    private JsonLinesFile(final InputStream in, final long size) {
        this.bytes = new CountingStream(in);
        // Lenient decoding: bytes that are not UTF-8 become U+FFFD and reject their line, not the file.
        this.text = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8));
        this.size = size;
    }

    /**
     * Opens a file, plain or gzip-compressed (as exports are shipped; recognised by its first two
     * bytes, whatever its name). A compressed file's progress has no percentage.
     *
     * @throws IllegalArgumentException one line naming the file, when it does not exist or cannot be read
     */
    public static JsonLinesFile open(final Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("cannot read " + file + ": it is a directory");
        }
        try {
            final BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file));
            in.mark(2);
            final boolean gzip = in.read() == GZIP_MAGIC_FIRST && in.read() == GZIP_MAGIC_SECOND;
            in.reset();
            return gzip ? new JsonLinesFile(new GZIPInputStream(in), -1) : new JsonLinesFile(in, Files.size(file));
        } catch (final NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file");
        } catch (final AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + file + ": permission denied");
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Reads a stream (standard input, a test's text); {@code size} in bytes, or -1 when unknown. */
    public static JsonLinesFile of(final InputStream in, final long size) {
        return new JsonLinesFile(in, size);
    }

    @Override
    public Optional<HistoryEntry> next() {
        try {
            while (!atEnd) {
                final boolean fits = readLine();
                if (atEnd && line.isEmpty()) {
                    break;
                }
                lineNumber++;
                final String position = "line " + lineNumber;
                if (!fits) {
                    return Optional.of(HistoryEntry.unreadable(position, new InvalidRecordException("LINE_TOO_LONG",
                            "longer than " + MAX_LINE_CHARS + " characters")));
                }
                if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                    line.deleteCharAt(0);
                }
                final String text = line.toString();
                if (!text.isBlank()) {
                    return Optional.of(entry(position, text));
                }
            }
            return Optional.empty();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read line " + (lineNumber + 1) + ": " + e.getMessage(), e);
        }
    }

    private static HistoryEntry entry(final String position, final String text) {
        if (text.indexOf(REPLACEMENT) >= 0) {
            return HistoryEntry.unreadable(position, new InvalidRecordException("NOT_UTF8", "not UTF-8 text"));
        }
        try {
            return HistoryEntry.read(position, PaymentJson.parse(text));
        } catch (final InvalidRecordException e) {
            return HistoryEntry.unreadable(position, e);
        }
    }

    /**
     * Reads the next line into {@link #line}, without its line break ({@code \n} or {@code \r\n}).
     * False when it is longer than {@link #MAX_LINE_CHARS}: the rest of it is skipped.
     */
    private boolean readLine() throws IOException {
        line.setLength(0);
        boolean fits = true;
        int c;
        while ((c = text.read()) >= 0 && c != '\n') {
            if (line.length() < MAX_LINE_CHARS) {
                line.append((char) c);
            } else {
                fits = false;
            }
        }
        atEnd = c < 0;
        if (fits && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
        return fits;
    }

    @Override
    public OptionalDouble fractionRead() {
        return size > 0 ? OptionalDouble.of(Math.min(1.0, (double) bytes.count / size)) : OptionalDouble.empty();
    }

    @Override
    public String measure() {
        return "of the file";
    }

    @Override
    public void close() {
        try {
            text.close();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the bytes read, for the progress line (the decoder reads ahead a few KiB: close enough). */
    private static final class CountingStream extends FilterInputStream {

        private long count;

        CountingStream(final InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            final int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) throws IOException {
            final int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
