package io.stoppay.loadtest.generator;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The label side file: UTF-8 CSV, a header row, then one row per payment in the order sent:
 *
 * <pre>
 * txnId,scenario,fraud,expectation,episode,position,episodeSize,threshold
 * run1-0000000042,MULE_FAN_IN,true,INTERCEPT_FROM_THRESHOLD,run1-M00000003,5,8,5
 * </pre>
 *
 * Columns are the fields of {@link PaymentLabel}; {@code episode} is empty for a single payment.
 */
public final class LabelFile {

    private static final CsvMapper MAPPER = new CsvMapper();
    private static final CsvSchema SCHEMA = CsvSchema.builder()
            .addColumn("txnId")
            .addColumn("scenario")
            .addColumn("fraud", CsvSchema.ColumnType.BOOLEAN)
            .addColumn("expectation")
            .addColumn("episode")
            .addColumn("position", CsvSchema.ColumnType.NUMBER)
            .addColumn("episodeSize", CsvSchema.ColumnType.NUMBER)
            .addColumn("threshold", CsvSchema.ColumnType.NUMBER)
            .setUseHeader(true)
            .build();
    private static final ObjectWriter WRITER = MAPPER.writerFor(PaymentLabel.class).with(SCHEMA);
    private static final ObjectReader READER = MAPPER.readerFor(PaymentLabel.class).with(SCHEMA);

    private LabelFile() {
    }

    /** Writes labels to a new file (replacing one that exists), row by row. Not thread-safe. */
    public static final class Writer implements Closeable {

        private final SequenceWriter rows;

        private Writer(final SequenceWriter rows) {
            this.rows = rows;
        }

        public void write(final PaymentLabel label) {
            try {
                rows.write(label);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot write label " + label.txnId(), e);
            }
        }

        public void flush() {
            try {
                rows.flush();
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot flush labels", e);
            }
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }

    /** Opens {@code file} for writing; the header is written with the first row. */
    public static Writer create(final Path file) throws IOException {
        final BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        try {
            return new Writer(WRITER.writeValues(out));
        } catch (final IOException e) {
            out.close();
            throw e;
        }
    }

    /** Hands every label of {@code file} to {@code action}, in file order, without holding them all. */
    public static void forEach(final Path file, final Consumer<PaymentLabel> action) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<PaymentLabel> rows = READER.readValues(in)) {
            while (rows.hasNextValue()) {
                action.accept(rows.nextValue());
            }
        }
    }

    /** Every label of {@code file}, in file order. */
    public static List<PaymentLabel> read(final Path file) throws IOException {
        final List<PaymentLabel> labels = new ArrayList<>();
        forEach(file, labels::add);
        return labels;
    }
}
