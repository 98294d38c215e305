package io.stoppay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stoppay.admin.CommittedListChanges;
import io.stoppay.admin.CommittedListChanges.Keyed;
import io.stoppay.app.TopicProvisioner;
import io.stoppay.config.StopPayConfig;
import io.stoppay.testing.RealKafka;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.ListAction;
import stoppay.v1.ListAudit;
import stoppay.v1.ListType;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * {@code stoppay lists} end to end on a real broker, configured through {@code --config} as an
 * operator would: what a read_committed reader sees on the lists and audit topics afterwards.
 */
class ListsCommandIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final String ACCOUNT = "6222000000000000501";
    private static final String PHONE = "13900000502";

    @TempDir
    static Path dir;

    private static Path configFile;
    private static Topics topics;

    @BeforeAll
    static void createTopicsAndConfig() throws Exception {
        final StopPayConfig config = StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                StopPayConfig.APPLICATION_ID, "stoppay-cli-it"));
        topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafka())) {
            new TopicProvisioner(admin, topics).createMissing(1);
        }
        configFile = Files.writeString(dir.resolve("stoppay.properties"), "kafka.bootstrap.servers="
                + KAFKA.bootstrapServers() + "\nstoppay.application.id=stoppay-cli-it\n", StandardCharsets.UTF_8);
    }

    @BeforeEach
    void requireNoStopPayEnvironment() {
        assumeTrue(System.getenv().keySet().stream().noneMatch(name -> name.startsWith("STOPPAY_")),
                "STOPPAY_* environment variables would change what the CLI reads");
    }

    @Test
    void shouldLoadAListFileThenReleaseOneSubjectWithAuditRecordsForEach() throws Exception {
        try (CommittedListChanges changes = new CommittedListChanges(KAFKA.consumerProps("lists-cli-it-1"), topics)) {
            // Given
            final Path file = Files.writeString(dir.resolve("lists.csv"),
                    "subjectType,subjectId,listType,riskLevel,source,caseId,reason,expiresAt\n"
                            + "ACCOUNT," + ACCOUNT + ",FRAUD_ACCOUNT,3,PSB-320600-antifraud-centre,2026-JS-0042,fraud ring,"
                            + "2099-12-31T00:00:00Z\n"
                            + "PHONE," + PHONE + ",MULE_SUSPECT,2,bank-internal,,,\n", StandardCharsets.UTF_8);

            // When
            final CliRun load = CliRun.of("lists", "load", "--config", configFile.toString(), "--file", file.toString(),
                    "--operator", "op-wang");
            final CliRun release = CliRun.of("lists", "release", "--config", configFile.toString(), "--type", "ACCOUNT",
                    "--id", ACCOUNT, "--source", "PSB-320600-antifraud-centre", "--reason", "appeal 2026-0042 upheld",
                    "--operator", "op-li");

            // Then: one line each on stdout, the subject masked
            assertThat(load.exitCode()).as(load.err()).isZero();
            assertThat(load.out().lines()).containsExactly("loaded 2 entries (one transaction)");
            assertThat(release.exitCode()).as(release.err()).isZero();
            assertThat(release.out().lines()).singleElement().asString()
                    .startsWith("released ACCOUNT:6222…0501 (source PSB-320600-antifraud-centre, audit ")
                    .doesNotContain(ACCOUNT);

            // And the topics hold both entries, then the account's tombstone, each with its audit record
            changes.awaitAtLeast(3, 3);
            assertThat(changes.lists()).extracting(Keyed::key, keyed -> keyed.value() == null ? null
                            : keyed.value().getListType())
                    .containsExactly(tuple("ACCOUNT:" + ACCOUNT + "|PSB-320600-antifraud-centre", ListType.FRAUD_ACCOUNT),
                            tuple("PHONE:+86" + PHONE + "|bank-internal", ListType.MULE_SUSPECT),
                            tuple("ACCOUNT:" + ACCOUNT + "|PSB-320600-antifraud-centre", null));
            assertThat(changes.lists().get(0).value()).extracting(RiskListEntry::getRiskLevel, RiskListEntry::getCaseId,
                            RiskListEntry::getExpiresAt)
                    .containsExactly(3, "2026-JS-0042", Instant.parse("2099-12-31T00:00:00Z"));
            assertThat(changes.audits()).extracting(Keyed::value).extracting(ListAudit::getAction,
                            ListAudit::getSubjectType, ListAudit::getOperator, ListAudit::getVia, ListAudit::getReason)
                    .containsExactly(
                            tuple(ListAction.LISTED, SubjectType.ACCOUNT, "op-wang", "cli-bulk-load", "fraud ring"),
                            tuple(ListAction.LISTED, SubjectType.PHONE, "op-wang", "cli-bulk-load", null),
                            tuple(ListAction.RELEASED, SubjectType.ACCOUNT, "op-li", "cli", "appeal 2026-0042 upheld"));
            assertThat(release.out()).contains(changes.audits().get(2).value().getAuditId());
        }
    }

    @Test
    void shouldReleaseTheListingUnderTheV1KeyAsItsFeederWroteIt() throws Exception {
        // Given: a feeder's v1 key, spelt its own way
        writeListing("PHONE:+86 139 0000 0504", entry(SubjectType.PHONE, "+86 139 0000 0504", "unionpay"));

        try (CommittedListChanges changes = new CommittedListChanges(KAFKA.consumerProps("lists-cli-it-3"), topics)) {
            // When
            final CliRun release = CliRun.of("lists", "release", "--config", configFile.toString(), "--type", "PHONE",
                    "--id", "13900000504", "--v1-key", "--reason", "appeal upheld", "--operator", "op-li");

            // Then: the tombstone is under the key as written, and the audit record names it
            assertThat(release.exitCode()).as(release.err()).isZero();
            assertThat(release.out().lines()).singleElement().asString().startsWith("released PHONE:")
                    .contains("(v1 key, key as its feeder wrote it, audit ").doesNotContain("0000 0504", "00000504");
            assertOnlyReleased(changes, "PHONE:+86 139 0000 0504");
        }
    }

    /**
     * A release names a listing that stands: releasing what no source lists, or what another
     * source lists, would lift nothing and leave the audit trail a RELEASED record for a listing
     * that never was.
     */
    @Test
    void shouldRefuseToReleaseWhatTheSourceDoesNotListWritingNothing() throws Exception {
        // Given: the police list a phone under their own spelling of the key
        writeListing("PHONE:139-0000-0505|police", entry(SubjectType.PHONE, "139-0000-0505", "police"));

        try (CommittedListChanges changes = new CommittedListChanges(KAFKA.consumerProps("lists-cli-it-4"), topics)) {
            // When
            final CliRun otherSource = release("PHONE", "13900000505", "nobody");
            final CliRun unlisted = release("PHONE", "13900000506", "police");
            final CliRun police = release("PHONE", "+86 139 0000 0505", "police");

            // Then: the two wrong ones are one line each, exit 2, naming what stands instead
            assertThat(otherSource.exitCode()).isEqualTo(2);
            assertThat(otherSource.err().lines()).singleElement().asString()
                    .isEqualTo("stoppay: PHONE:139****0505 is not listed by source nobody; it is listed by police; "
                            + "nothing was released");
            assertThat(unlisted.exitCode()).isEqualTo(2);
            assertThat(unlisted.err().lines()).singleElement().asString()
                    .isEqualTo("stoppay: PHONE:139****0506 is not listed; nothing was released");
            // And the right one tombstones the police's key as they wrote it, with the only audit record
            assertThat(police.exitCode()).as(police.err()).isZero();
            assertOnlyReleased(changes, "PHONE:139-0000-0505|police");
        }
    }

    /**
     * What StopPay dead-letters or has let expire does not stand, as the graph sees it: a release
     * of it is refused, and a key whose latest record was refused keeps its earlier listing.
     */
    @Test
    void shouldJudgeWhatStandsAsStopPayDoes() throws Exception {
        // Given: the bank's valid listing, then a record under the same key that StopPay refuses
        // (risk level 9), a listing that never stood (its key names another subject), an expired one
        writeListing("ACCOUNT:acct-u", entry(SubjectType.ACCOUNT, "acct-u", "bank"));
        writeListing("ACCOUNT:acct-u", RiskListEntry.newBuilder(entry(SubjectType.ACCOUNT, "acct-u", "evil"))
                .setRiskLevel(9).build());
        writeListing("ACCOUNT:acct-c|bank", entry(SubjectType.ACCOUNT, "other-c", "bank"));
        writeListing("ACCOUNT:acct-x|bank", RiskListEntry.newBuilder(entry(SubjectType.ACCOUNT, "acct-x", "bank"))
                .setExpiresAt(Instant.parse("2026-11-30T01:00:00Z")).build());

        try (CommittedListChanges changes = new CommittedListChanges(KAFKA.consumerProps("lists-cli-it-5"), topics)) {
            // When
            final CliRun evil = release("ACCOUNT", "acct-u", "evil");
            final CliRun neverStood = release("ACCOUNT", "acct-c", "bank");
            final CliRun expired = release("ACCOUNT", "acct-x", "bank");
            final CliRun bank = release("ACCOUNT", "acct-u", "bank");

            // Then
            assertThat(evil.exitCode()).isEqualTo(2);
            assertThat(evil.err().lines()).singleElement().asString()
                    .startsWith("stoppay: ACCOUNT:")
                    .endsWith(" is not listed by source evil; it is listed by bank; nothing was released");
            assertThat(neverStood.exitCode()).isEqualTo(2);
            assertThat(neverStood.err()).contains("is not listed; nothing was released");
            assertThat(expired.exitCode()).isEqualTo(2);
            assertThat(expired.err()).contains("is not listed; nothing was released");
            assertThat(bank.exitCode()).as(bank.err()).isZero();
            assertOnlyReleased(changes, "ACCOUNT:acct-u");
        }
    }

    @Test
    void shouldReplaceTheSourcesListingWrittenUnderAnotherKey() throws Exception {
        // Given: the police's listing as their feeder keyed it
        writeListing("PHONE:139-0000-0511|police", entry(SubjectType.PHONE, "139-0000-0511", "police"));

        try (CommittedListChanges changes = new CommittedListChanges(KAFKA.consumerProps("lists-cli-it-6"), topics)) {
            // When: an operator lists it again for the police, at another level
            final CliRun add = CliRun.of("lists", "add", "--config", configFile.toString(), "--type", "PHONE",
                    "--id", "13900000511", "--list-type", "FRAUD_ACCOUNT", "--risk-level", "1", "--source", "police",
                    "--operator", "op-zhang");

            // Then: one listing of the police's stands, under the canonical key
            assertThat(add.exitCode()).as(add.err()).isZero();
            assertThat(add.out()).contains("replacing 1 listing(s) of police under other keys");
            changes.awaitAtLeast(2, 2);
            assertThat(changes.lists()).extracting(Keyed::key, keyed -> keyed.value() == null)
                    .containsExactly(tuple("PHONE:+8613900000511|police", false),
                            tuple("PHONE:139-0000-0511|police", true));
            assertThat(changes.audits()).extracting(keyed -> keyed.value().getAction())
                    .containsExactly(ListAction.LISTED, ListAction.RELEASED);
        }
    }

    /** The only change seen: a tombstone under {@code key} as written, with one audit record naming it. */
    private static void assertOnlyReleased(final CommittedListChanges changes, final String key) {
        changes.awaitAtLeast(1, 1);
        assertThat(changes.lists()).containsExactly(new Keyed<>(key, null));
        assertThat(changes.audits()).singleElement()
                .satisfies(keyed -> assertThat(keyed.value().getListingKey()).isEqualTo(key));
    }

    private static CliRun release(final String type, final String id, final String source) {
        return CliRun.of("lists", "release", "--config", configFile.toString(), "--type", type, "--id", id,
                "--source", source, "--reason", "appeal upheld", "--operator", "op-li");
    }

    private static RiskListEntry entry(final SubjectType type, final String id, final String source) {
        return RiskListEntry.newBuilder().setSubjectType(type).setSubjectId(id).setListType(ListType.MULE_SUSPECT)
                .setRiskLevel(2).setSource(source).setListedAt(Instant.parse("2026-11-30T00:00:00Z")).build();
    }

    /** A feeder's listing, keyed as it writes it. */
    private static void writeListing(final String key, final RiskListEntry entry) throws Exception {
        try (KafkaProducer<String, byte[]> feeder = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            feeder.send(new ProducerRecord<>(topics.lists().name(), key,
                    topics.lists().valueSerde().serializer().serialize(topics.lists().name(), entry))).get();
        }
    }

    /** A device id may hold the key's separator: listed and released as itself, not as "dev" of source "9|…". */
    @Test
    void shouldListAndReleaseADeviceWhoseIdHoldsTheBar() throws Exception {
        try (CommittedListChanges changes = new CommittedListChanges(KAFKA.consumerProps("lists-cli-it-bar"), topics)) {
            final CliRun add = CliRun.of("lists", "add", "--config", configFile.toString(), "--type", "DEVICE",
                    "--id", "dev|9", "--list-type", "SUSPICIOUS_PERSON", "--risk-level", "2", "--source", "bank",
                    "--operator", "op-zhang");
            assertThat(add.exitCode()).as(add.err()).isZero();

            final CliRun release = CliRun.of("lists", "release", "--config", configFile.toString(), "--type",
                    "DEVICE", "--id", "dev|9", "--source", "bank", "--reason", "device replaced", "--operator", "op-li");

            assertThat(release.exitCode()).as(release.err()).isZero();
            changes.awaitAtLeast(2, 2);
            assertThat(changes.lists()).extracting(keyed -> keyed.key())
                    .containsExactly("DEVICE:dev|9|bank", "DEVICE:dev|9|bank");
            assertThat(changes.lists().get(1).value()).isNull();
            assertThat(changes.audits()).extracting(keyed -> keyed.value().getSubjectId()).containsOnly("dev|9");
        }
    }

    @Test
    void shouldListOneSubjectFromTheCommandLine() {
        try (CommittedListChanges changes = new CommittedListChanges(KAFKA.consumerProps("lists-cli-it-2"), topics)) {
            // When
            final CliRun add = CliRun.of("lists", "add", "--config", configFile.toString(), "--type", "CARD",
                    "--id", "6228000000000000503", "--list-type", "ACCOUNT_TRADER", "--risk-level", "2",
                    "--source", "unionpay", "--operator", "op-zhang", "--case-id", "2026-JS-0503");

            // Then
            assertThat(add.exitCode()).as(add.err()).isZero();
            assertThat(add.out().lines()).singleElement().asString().startsWith("listed CARD:6228…0503 (audit ");
            changes.awaitAtLeast(1, 1);
            assertThat(changes.lists()).singleElement().satisfies(keyed -> {
                assertThat(keyed.key()).isEqualTo("CARD:6228000000000000503|unionpay");
                assertThat(keyed.value().getListType()).isEqualTo(ListType.ACCOUNT_TRADER);
                assertThat(keyed.value().getCaseId()).isEqualTo("2026-JS-0503");
            });
            assertThat(changes.audits()).singleElement().extracting(keyed -> keyed.value().getVia()).isEqualTo("cli");
        }
    }
}
