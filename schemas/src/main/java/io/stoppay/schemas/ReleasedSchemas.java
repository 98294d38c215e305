package io.stoppay.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every schema version the project has ever shipped, read from the classpath
 * ({@code stoppay/schemas/released/<Record>/v<N>.avsc}).
 *
 * <p>Decoders resolve a writer's schema by the fingerprint in the single-object header, so the
 * store must hold each released version: data written by an older producer stays readable.
 * {@code ReleasedSchemasCompatibilityTest} proves the current schemas read every one of them.
 */
public final class ReleasedSchemas {

    private static final String ROOT = "stoppay/schemas/released/";

    private ReleasedSchemas() {
    }

    /** The released versions of one record, oldest first; empty if it was never released. */
    public static List<Schema> versionsOf(final String recordName) {
        final List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            final String resource = ROOT + recordName + "/v" + version + ".avsc";
            try (InputStream in = ReleasedSchemas.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read released schema " + resource, e);
            }
        }
    }

    /** A schema store that knows every released version of the record and its current schema. */
    public static SchemaStore storeFor(final Schema current) {
        final SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(current);
        versionsOf(current.getName()).forEach(store::addSchema);
        return store;
    }
}
