package io.stoppay.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import stoppay.internal.v1.Flow;
import stoppay.internal.v1.OutcomeLoopEntry;
import stoppay.internal.v1.OutcomeLoopInput;
import stoppay.internal.v1.PendingDecision;
import stoppay.internal.v1.Settlement;
import stoppay.v1.AccountProfile;
import stoppay.v1.DeadLetter;
import stoppay.v1.Linkage;
import stoppay.v1.ListAudit;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RegionDailyStatistics;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskDecision;
import stoppay.v1.RiskListEntry;
import stoppay.v1.RuleSet;
import stoppay.v1.StopPaymentAlert;
import stoppay.v1.StopPaymentOutcome;
import stoppay.v1.SubjectReadAudit;
import stoppay.v1.SubjectUsage;
import stoppay.v1.WarningOutcome;

/**
 * The build check that keeps the contract backward compatible: the current reader schema of every
 * topic record (and of every internal record kept in a changelog or repartition topic, which
 * outlives an upgrade too) must read data written with every released version, and the current schema must
 * itself be released (so a change cannot ship without being recorded as a new version).
 */
class ReleasedSchemasCompatibilityTest {

    static Stream<Class<? extends SpecificRecord>> contractRecords() {
        return Stream.of(PaymentTransaction.class, RiskListEntry.class, Linkage.class, AccountProfile.class,
                RiskDecision.class, StopPaymentAlert.class, PoliceWarning.class, DeadLetter.class,
                RestrictionStatus.class, SubjectUsage.class, RuleSet.class, ListAudit.class,
                StopPaymentOutcome.class, WarningOutcome.class, RegionDailyStatistics.class, SubjectReadAudit.class,
                PendingDecision.class, Settlement.class, Flow.class, OutcomeLoopInput.class, OutcomeLoopEntry.class);
    }

    @ParameterizedTest
    @MethodSource("contractRecords")
    void currentSchemaIsAReleasedVersion(final Class<? extends SpecificRecord> type) {
        final Schema current = schemaOf(type);
        final List<Long> released = ReleasedSchemas.versionsOf(current.getName()).stream()
                .map(SchemaNormalization::parsingFingerprint64).toList();

        assertThat(released)
                .as("%s changed: add it as the next version under schemas/src/main/resources/stoppay/schemas/released/%s/",
                        current.getName(), current.getName())
                .contains(SchemaNormalization.parsingFingerprint64(current));
    }

    @ParameterizedTest
    @MethodSource("contractRecords")
    void currentReaderIsCompatibleWithEveryReleasedWriter(final Class<? extends SpecificRecord> type) {
        final Schema current = schemaOf(type);
        for (final Schema released : ReleasedSchemas.versionsOf(current.getName())) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType())
                    .as("reading %s written with released version %s", current.getName(), released)
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest
    @MethodSource("contractRecords")
    <T extends SpecificRecord> void dataWrittenWithEveryReleasedVersionDecodes(final Class<T> type) throws IOException {
        final AvroSerde<T> serde = AvroSerde.of(type);
        for (final Schema released : ReleasedSchemas.versionsOf(schemaOf(type).getName())) {
            for (final Object datum : new RandomData(GenericData.get(), released, 20, 42L)) {
                final ByteBuffer encoded = new BinaryMessageEncoder<>(GenericData.get(), released).encode(datum);

                final T decoded = serde.decode(toArray(encoded));

                assertThat(decoded).isNotNull();
                assertThat(serde.decode(serde.encode(decoded))).isEqualTo(decoded);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("contractRecords")
    <T extends SpecificRecord> void unknownWriterFingerprintIsASerializationError(final Class<T> type) {
        final byte[] bytes = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};

        assertThatThrownBy(() -> AvroSerde.of(type).decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot decode " + type.getSimpleName());
    }

    private static Schema schemaOf(final Class<? extends SpecificRecord> type) {
        return org.apache.avro.specific.SpecificData.get().getSchema(type);
    }

    private static byte[] toArray(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
