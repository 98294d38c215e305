package io.stoppay.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.stoppay.restriction.ListingKey;
import io.stoppay.restriction.SubjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import stoppay.v1.ListType;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * A high-risk list file for a bulk load: UTF-8 CSV (a byte-order mark is allowed) with a header
 * row naming the columns, in any order:
 *
 * <pre>
 * subjectType,subjectId,listType,riskLevel,source,caseId,reason,expiresAt
 * ACCOUNT,acct-example-0001,FRAUD_ACCOUNT,3,PSB-320600-antifraud-centre,2026-JS-0042,,2026-12-31T00:00:00Z
 * </pre>
 *
 * <p>{@code caseId}, {@code reason} and {@code expiresAt} (an ISO-8601 instant) may be empty or left
 * out; the others are required. Every entry is listed at the given time. A file is accepted whole
 * or not at all: the first bad row throws {@link InvalidListRequestException} with one line
 * {@code "line N: field: what is wrong"} (N counts the file's lines, the header being line 1), as
 * do a wrong header, a file without rows, two rows for one subject, and a file of more than
 * {@value #MAX_ROWS} rows (the whole file is held in memory, and loaded in one transaction).
 */
public final class ListFile {

    /** The media type a list file is sent as to the admin API ({@code Content-Type}). */
    public static final String MEDIA_TYPE = "text/csv";

    /** The most rows one file may have. */
    public static final int MAX_ROWS = 1_000_000;

    /** The columns a file may have, in the documented order. */
    public static final List<String> COLUMNS = List.of("subjectType", "subjectId", "listType", "riskLevel", "source",
            "caseId", "reason", "expiresAt");
    private static final List<String> REQUIRED = List.of("subjectType", "subjectId", "listType", "riskLevel", "source");
    /** A value quoted in an error is cut to this length: enough to recognise a typo. */
    private static final int MAX_QUOTED = 40;

    /** Spreadsheet programs start their UTF-8 exports with one; it is not part of the first column's name. */
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private static final ObjectReader ROWS = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build()
            .readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader());

    private ListFile() {
    }

    /**
     * Reads the entries of a list file, each listed at {@code now}.
     *
     * @throws InvalidListRequestException when the file cannot be read or any part of it is wrong
     */
    public static List<RiskListEntry> read(final Path file, final Instant now) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, now, MAX_ROWS);
        } catch (final NoSuchFileException e) {
            throw InvalidListRequestException.of("file", "cannot read " + file + ": no such file");
        } catch (final AccessDeniedException e) {
            throw InvalidListRequestException.of("file", "cannot read " + file + ": permission denied");
        } catch (final CharacterCodingException e) {
            throw InvalidListRequestException.of("file", "cannot read " + file + ": not UTF-8 text");
        } catch (final IOException e) {
            throw InvalidListRequestException.of("file", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads the entries of list-file text (e.g. an HTTP request body), each listed at {@code now}.
     *
     * @throws InvalidListRequestException when the text cannot be read or any part of it is wrong
     */
    public static List<RiskListEntry> parse(final Reader text, final Instant now) {
        try {
            return parse(text, now, MAX_ROWS);
        } catch (final IOException e) {
            throw InvalidListRequestException.of("file", "cannot be read: " + e.getMessage());
        }
    }

    /**
     * Reads the entries of list-file bytes (UTF-8, e.g. an HTTP request body), each listed at {@code now}.
     *
     * @throws InvalidListRequestException when the bytes are not UTF-8 text or any part of it is wrong
     */
    public static List<RiskListEntry> parse(final InputStream bytes, final Instant now) {
        // A strict decoder: a file in another encoding (GBK, say) is refused rather than read as garbage.
        final Reader text = new InputStreamReader(bytes, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        try {
            return parse(text, now, MAX_ROWS);
        } catch (final CharacterCodingException e) {
            throw InvalidListRequestException.of("file", "cannot be read: not UTF-8 text");
        } catch (final IOException e) {
            throw InvalidListRequestException.of("file", "cannot be read: " + e.getMessage());
        }
    }

    /** As {@link #parse(Reader, Instant)}, with a row limit of the caller's choosing. */
    static List<RiskListEntry> parse(final Reader text, final Instant now, final int maxRows) throws IOException {
        final PushbackReader in = new PushbackReader(text);
        final int firstChar = in.read();
        if (firstChar < 0) {
            throw InvalidListRequestException.of("file", "is empty; the first line must be the header "
                    + String.join(",", COLUMNS));
        }
        if (firstChar != BYTE_ORDER_MARK) {
            in.unread(firstChar);
        }
        final MappingIterator<Map<String, String>> rows;
        try {
            rows = ROWS.readValues(in);
        } catch (final JsonProcessingException e) {
            throw InvalidListRequestException.of("header", "cannot be read (" + e.getOriginalMessage()
                    + "); expected " + String.join(",", COLUMNS)).within("line 1");
        }
        final List<RiskListEntry> entries = new ArrayList<>();
        final Map<ListingKey, Long> firstLineOf = new HashMap<>();
        boolean headerChecked = false;
        long line = 1;
        while (true) {
            final boolean more;
            try {
                more = rows.hasNextValue();
            } catch (final JsonProcessingException e) {
                throw malformed(line + 1, e);
            }
            if (!headerChecked) {
                checkHeader(((CsvParser) rows.getParser()).getSchema());
                headerChecked = true;
            }
            if (!more) {
                break;
            }
            // The parser stands at the start of the row: its line, even if a quoted value spans several.
            line = rows.getParser().currentLocation().getLineNr();
            if (entries.size() == maxRows) {
                throw InvalidListRequestException.of("file", "has more than " + maxRows
                        + " rows; split it into several files");
            }
            final Map<String, String> row;
            try {
                row = rows.nextValue();
            } catch (final JsonProcessingException e) {
                throw malformed(line, e);
            }
            try {
                final RiskListEntry entry = entry(row, now);
                final Long first = firstLineOf.putIfAbsent(ListingKey.bySource(
                        SubjectKey.forLookup(entry.getSubjectType(), entry.getSubjectId()), entry.getSource()), line);
                if (first != null) {
                    throw InvalidListRequestException.of("subjectId", "the same subject and source as line " + first);
                }
                entries.add(entry);
            } catch (final InvalidListRequestException e) {
                throw e.within("line " + line);
            }
        }
        if (entries.isEmpty()) {
            throw InvalidListRequestException.of("file", "has no rows, only the header");
        }
        return entries;
    }

    private static void checkHeader(final CsvSchema header) {
        final Set<String> present = new HashSet<>();
        for (final String column : header.getColumnNames()) {
            if (!COLUMNS.contains(column)) {
                throw InvalidListRequestException.of("header", "unknown column " + quote(column) + "; the columns are "
                        + String.join(",", COLUMNS)).within("line 1");
            }
            if (!present.add(column)) {
                throw InvalidListRequestException.of("header", "column " + column + " appears twice").within("line 1");
            }
        }
        final List<String> missing = REQUIRED.stream().filter(column -> !present.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw InvalidListRequestException.of("header", "missing column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (required: " + String.join(", ", REQUIRED) + ")").within("line 1");
        }
    }

    private static RiskListEntry entry(final Map<String, String> row, final Instant now) {
        final RiskListEntry entry = RiskListEntry.newBuilder()
                .setSubjectType(enumValue(row, "subjectType", SubjectType.class))
                .setSubjectId(ListRequestRules.requireText("subjectId", value(row, "subjectId")))
                .setListType(enumValue(row, "listType", ListType.class))
                .setRiskLevel(riskLevel(row))
                .setSource(ListRequestRules.requireText("source", value(row, "source")))
                .setCaseId(value(row, "caseId"))
                .setReason(value(row, "reason"))
                .setListedAt(now)
                .setExpiresAt(instant(row, "expiresAt"))
                .build();
        ListRequestRules.checkEntry(entry, now);
        return entry;
    }

    /** The cell's text, or null when it is empty or its column absent. */
    private static String value(final Map<String, String> row, final String column) {
        final String text = row.get(column);
        return text == null || text.isEmpty() ? null : text;
    }

    private static <E extends Enum<E>> E enumValue(final Map<String, String> row, final String column,
                                                   final Class<E> type) {
        final String text = ListRequestRules.requireText(column, value(row, column));
        try {
            return Enum.valueOf(type, text);
        } catch (final IllegalArgumentException e) {
            throw InvalidListRequestException.of(column, "unknown value " + quote(text) + "; allowed: "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    private static int riskLevel(final Map<String, String> row) {
        final String text = ListRequestRules.requireText("riskLevel", value(row, "riskLevel"));
        try {
            return Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            throw InvalidListRequestException.of("riskLevel", "must be 1..3, was " + quote(text));
        }
    }

    private static Instant instant(final Map<String, String> row, final String column) {
        final String text = value(row, column);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (final DateTimeParseException e) {
            throw InvalidListRequestException.of(column, "not an ISO-8601 instant such as 2026-12-31T00:00:00Z, was "
                    + quote(text));
        }
    }

    private static InvalidListRequestException malformed(final long line, final JsonProcessingException e) {
        return InvalidListRequestException.of("row", "not valid CSV: " + e.getOriginalMessage()).within("line " + line);
    }

    private static String quote(final String text) {
        return "'" + (text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text) + "'";
    }
}
