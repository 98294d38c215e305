package io.stoppay.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.stoppay.app.TopicProvisioner;
import io.stoppay.config.StopPayConfig;
import io.stoppay.restriction.ListingKey;
import io.stoppay.restriction.SubjectKey;
import io.stoppay.testing.RealKafka;
import io.stoppay.topology.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import stoppay.v1.ListAction;
import stoppay.v1.ListAudit;
import stoppay.v1.ListType;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * List changes on a real broker: each change and its audit record are committed together, and a
 * read_committed reader sees exactly them; a rejected request leaves both topics as they were.
 */
class ListMaintenanceIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    /** The key suffix of a listing by the source of {@link #entry}. */
    private static final String BY_POLICE = "|PSB-320600-antifraud-centre";
    private static final AtomicInteger READERS = new AtomicInteger();

    private static StopPayConfig config;
    private static Topics topics;
    private static ListMaintenance maintenance;

    @BeforeAll
    static void connect() throws Exception {
        config = StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                StopPayConfig.APPLICATION_ID, "stoppay-lists-it"));
        topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafka())) {
            new TopicProvisioner(admin, topics).createMissing(1);
        }
        maintenance = ListMaintenance.connect(config, "it", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void close() {
        maintenance.close();
    }

    @Test
    void shouldCommitTheEntryAndItsListedAuditRecordTogether() {
        try (CommittedListChanges changes = reader()) {
            // Given
            final RiskListEntry entry = entry(SubjectType.ACCOUNT, "6222000000000000101", 3);

            // When
            final ListAudit audit = maintenance.list(entry, "op-zhang");

            // Then
            assertThat(UUID.fromString(audit.getAuditId())).isNotNull();
            assertThat(audit).extracting(ListAudit::getAction, ListAudit::getSubjectType, ListAudit::getSubjectId,
                            ListAudit::getEntry, ListAudit::getOperator, ListAudit::getReason, ListAudit::getVia,
                            ListAudit::getAt)
                    .containsExactly(ListAction.LISTED, SubjectType.ACCOUNT, "6222000000000000101", entry, "op-zhang",
                            "fraud ring", "it", NOW);
            changes.awaitAtLeast(1, 1);
            assertThat(changes.lists()).containsExactly(new CommittedListChanges.Keyed<>("ACCOUNT:6222000000000000101" + BY_POLICE, entry));
            assertThat(audit.getListingKey()).isEqualTo("ACCOUNT:6222000000000000101" + BY_POLICE);
            assertThat(changes.audits()).containsExactly(new CommittedListChanges.Keyed<>("ACCOUNT:6222000000000000101", audit));
        }
    }

    @Test
    void shouldCommitATombstoneAndAReleasedAuditRecordWithTheReasonAndTheOperator() {
        // The reader starts before the listing: a transaction's commit returns before its markers
        // are written, so a reader started after it could still see the listing.
        try (CommittedListChanges changes = reader()) {
            // Given: a listed card
            maintenance.list(entry(SubjectType.CARD, "6228000000000000102", 2), "op-zhang");

            // When: its appeal is upheld
            final ListAudit audit = maintenance.release(List.of(ListingKey.bySource(
                            new SubjectKey(SubjectType.CARD, "6228000000000000102"), "PSB-320600-antifraud-centre")),
                    "appeal 2026-0042 upheld", "op-li").get(0);

            // Then: the listing, then its tombstone; the listing's audit, then the release's
            changes.awaitAtLeast(2, 2);
            assertThat(changes.lists()).hasSize(2).last()
                    .isEqualTo(new CommittedListChanges.Keyed<>("CARD:6228000000000000102" + BY_POLICE, null));
            assertThat(changes.audits()).hasSize(2).last().satisfies(keyed -> {
                assertThat(keyed.key()).isEqualTo("CARD:6228000000000000102");
                assertThat(keyed.value()).isEqualTo(audit);
                assertThat(keyed.value()).extracting(ListAudit::getAction, ListAudit::getEntry, ListAudit::getReason,
                                ListAudit::getOperator, ListAudit::getAt, ListAudit::getListingKey)
                        .containsExactly(ListAction.RELEASED, null, "appeal 2026-0042 upheld", "op-li", NOW,
                                "CARD:6228000000000000102" + BY_POLICE);
            });
        }
    }

    @Test
    void shouldCommitEveryEntryOfALoadWithItsAuditRecordInOneTransaction() {
        try (CommittedListChanges changes = reader()) {
            // Given
            final List<RiskListEntry> entries = List.of(entry(SubjectType.ACCOUNT, "6222000000000000201", 3),
                    entry(SubjectType.PHONE, "13900000202", 2), entry(SubjectType.DEVICE, "device-203", 1));

            // When
            final List<ListAudit> audits = maintenance.load(entries, "op-wang");

            // Then
            changes.awaitAtLeast(3, 3);
            assertThat(changes.lists()).extracting(CommittedListChanges.Keyed::key, CommittedListChanges.Keyed::value)
                    .containsExactly(tuple("ACCOUNT:6222000000000000201" + BY_POLICE, entries.get(0)),
                            tuple("PHONE:+8613900000202" + BY_POLICE, entries.get(1)),
                            tuple("DEVICE:device-203" + BY_POLICE, entries.get(2)));
            assertThat(changes.audits()).extracting(CommittedListChanges.Keyed::value).containsExactlyElementsOf(audits);
            assertThat(audits).extracting(ListAudit::getAction, ListAudit::getOperator, ListAudit::getEntry)
                    .containsExactly(tuple(ListAction.LISTED, "op-wang", entries.get(0)),
                            tuple(ListAction.LISTED, "op-wang", entries.get(1)),
                            tuple(ListAction.LISTED, "op-wang", entries.get(2)));
            assertThat(audits).extracting(ListAudit::getAuditId).doesNotHaveDuplicates();
        }
    }

    static Stream<Arguments> invalidRequests() {
        final RiskListEntry good = entry(SubjectType.ACCOUNT, "6222000000000000301", 3);
        final ListingKey listing = ListingKey.bySource(new SubjectKey(SubjectType.ACCOUNT, "6222000000000000301"),
                "PSB-320600-antifraud-centre");
        return Stream.of(
                Arguments.of("risk level 7", (Consumer<ListMaintenance>) m ->
                        m.list(entry(SubjectType.ACCOUNT, "6222000000000000302", 7), "op-zhang"),
                        "riskLevel: must be 1..3, was 7"),
                Arguments.of("no operator", (Consumer<ListMaintenance>) m -> m.list(good, " "),
                        "operator: required"),
                Arguments.of("no source", (Consumer<ListMaintenance>) m ->
                        m.list(RiskListEntry.newBuilder(good).setSource("").build(), "op-zhang"), "source: required"),
                Arguments.of("expiry before listing", (Consumer<ListMaintenance>) m -> m.list(RiskListEntry
                                .newBuilder(good).setExpiresAt(NOW.minusSeconds(86_400 * 2)).setListedAt(NOW.minusSeconds(86_400)).build(),
                        "op-zhang"), "expiresAt: must be after listedAt"),
                Arguments.of("expiry passed", (Consumer<ListMaintenance>) m -> m.list(RiskListEntry
                                .newBuilder(good).setListedAt(NOW.minusSeconds(86_400)).setExpiresAt(NOW.minusSeconds(60)).build(),
                        "op-zhang"), "expiresAt: already passed"),
                Arguments.of("release without reason", (Consumer<ListMaintenance>) m ->
                        m.release(List.of(listing), "", "op-li"), "reason: required"),
                Arguments.of("release without operator", (Consumer<ListMaintenance>) m ->
                        m.release(List.of(listing), "appeal upheld", null), "operator: required"),
                Arguments.of("release of no listing", (Consumer<ListMaintenance>) m ->
                        m.release(List.of(), "appeal upheld", "op-li"), "listings: at least one listing to release required"),
                Arguments.of("load of nothing", (Consumer<ListMaintenance>) m -> m.load(List.of(), "op-wang"),
                        "entries: at least one entry required"),
                Arguments.of("load with one bad entry", (Consumer<ListMaintenance>) m -> m.load(List.of(good,
                        entry(SubjectType.PHONE, "13900000303", 0)), "op-wang"),
                        "entries[1]: riskLevel: must be 1..3, was 0"),
                Arguments.of("load naming a subject twice", (Consumer<ListMaintenance>) m -> m.load(List.of(good, good),
                        "op-wang"), "entries[1]: subjectId: the same subject and source as entries[0]"),
                Arguments.of("load naming a subject twice, written two ways", (Consumer<ListMaintenance>) m -> m.load(
                        List.of(entry(SubjectType.PHONE, "13900000304", 2), entry(SubjectType.PHONE, "+86 139 0000 0304", 3)),
                        "op-wang"), "entries[1]: subjectId: the same subject and source as entries[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void shouldWriteNothingForAnInvalidRequestAndNameTheField(final String problem,
                                                             final Consumer<ListMaintenance> request,
                                                             final String expectedMessage) {
        try (CommittedListChanges changes = reader()) {
            // When
            assertThatThrownBy(() -> request.accept(maintenance))
                    .isInstanceOf(InvalidListRequestException.class)
                    .hasMessageStartingWith(expectedMessage)
                    .hasMessageNotContaining("6222000000000000301");
            // And a valid change after it, to know when the reader has seen everything before it
            final RiskListEntry marker = entry(SubjectType.IP, "10.9.9.9", 1);
            final ListAudit markerAudit = maintenance.list(marker, "op-marker");

            // Then: the valid change is the only one on either topic
            changes.awaitAtLeast(1, 1);
            assertThat(changes.lists()).containsExactly(new CommittedListChanges.Keyed<>("IP:10.9.9.9" + BY_POLICE, marker));
            assertThat(changes.audits()).containsExactly(new CommittedListChanges.Keyed<>("IP:10.9.9.9", markerAudit));
        }
    }

    @Test
    void shouldAbortAChangeKafkaRefusesAndStayUsableForTheNext() {
        // Given: a client whose requests are too small for an audit record that repeats a long reason
        final StopPayConfig smallRequests = StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                StopPayConfig.KAFKA_PREFIX + "max.request.size", "1000",
                StopPayConfig.APPLICATION_ID, "stoppay-lists-it"));
        final RiskListEntry tooLarge = RiskListEntry.newBuilder(entry(SubjectType.ACCOUNT, "6222000000000000401", 3))
                .setReason("r".repeat(600)).build();
        try (ListMaintenance limited = ListMaintenance.connect(smallRequests, "it", Clock.fixed(NOW, ZoneOffset.UTC));
             CommittedListChanges changes = reader()) {

            // When: the entry fits but its audit record does not
            assertThatThrownBy(() -> limited.list(tooLarge, "op-zhang"))
                    .isInstanceOfSatisfying(ListWriteException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
                    .hasMessageContaining("LISTED ACCOUNT:6222…0401")
                    .hasMessageEndingWith("nothing was written")
                    .hasMessageNotContaining("6222000000000000401");
            // And the same instance writes the next change
            final RiskListEntry next = entry(SubjectType.ACCOUNT, "6222000000000000402", 2);
            final ListAudit nextAudit = limited.list(next, "op-zhang");

            // Then: the entry of the aborted transaction never became visible; the next change did
            changes.awaitAtLeast(1, 1);
            assertThat(changes.lists()).containsExactly(new CommittedListChanges.Keyed<>("ACCOUNT:6222000000000000402" + BY_POLICE, next));
            assertThat(changes.audits()).containsExactly(new CommittedListChanges.Keyed<>("ACCOUNT:6222000000000000402", nextAudit));
        }
    }

    @Test
    void shouldCreateTheAuditTopicToBeKeptForever() throws Exception {
        final Config described = configOf(topics.listAudit().name());

        assertThat(described.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
        assertThat(described.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
    }

    @Test
    void shouldCreateThePaymentsTopicStampedByTheBroker() throws Exception {
        final Config described = configOf(topics.payments().name());

        // A feeder's CreateTime cannot pass a stale replay off as fresh.
        assertThat(described.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value()).isEqualTo("LogAppendTime");
    }

    /** The topic's configuration as the broker describes it (as provisioned by {@code TopicProvisioner}). */
    private static Config configOf(final String topic) throws Exception {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(config.kafka())) {
            return admin.describeConfigs(List.of(resource)).all().get().get(resource);
        }
    }

    private static CommittedListChanges reader() {
        return new CommittedListChanges(KAFKA.consumerProps("list-maintenance-it-" + READERS.incrementAndGet()), topics);
    }

    private static RiskListEntry entry(final SubjectType type, final String id, final int riskLevel) {
        return RiskListEntry.newBuilder().setSubjectType(type).setSubjectId(id).setListType(ListType.FRAUD_ACCOUNT)
                .setRiskLevel(riskLevel).setSource("PSB-320600-antifraud-centre").setCaseId("2026-JS-0042")
                .setReason("fraud ring").setListedAt(NOW).setExpiresAt(Instant.parse("2026-12-31T00:00:00Z")).build();
    }
}
