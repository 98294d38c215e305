package io.stoppay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.testing.HttpCalls;
import io.stoppay.testing.TestAccess;
import io.stoppay.testing.RealKafka;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.LinkKind;
import stoppay.v1.Linkage;
import stoppay.v1.ListType;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * An operator raises {@code stoppay.restriction.max.degree} and restarts StopPay on its state: a
 * subject that was a hub under the old cap passes restriction on under the new one, without a
 * new link to make it recount (a newcomer found former hubs blocking restriction after a restart).
 */
class HubCapChangeIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final String IP = "10.0.0.1";
    private static final String LISTED = "6217000000000700001";
    private static final List<String> BEHIND = List.of("6222000000000700002", "6222000000000700003",
            "6222000000000700004");

    @TempDir
    Path stateDir;

    @Test
    void shouldApplyARaisedCapToAFormerHubAtTheNextStart() throws Exception {
        // Given: under a cap of 3, an IP with four accounts is a hub, so a listed account's neighbours are not reached
        final Topics topics = Topics.from(config(3));
        try (Admin admin = Admin.create(config(3).kafka())) {
            new TopicProvisioner(admin, topics).createMissing(2);
        }
        try (StopPayApp first = StopPayApp.start(config(3));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps(),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            final HttpCalls http = new HttpCalls(first.httpPort()).as(TestAccess.ADMIN_TOKEN);
            for (final String account : concat(LISTED, BEHIND)) {
                producer.send(link(topics, account)).get();
            }
            producer.send(listing(topics)).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> subject(http, "IP", IP, "hub")
                    && subject(http, "ACCOUNT", LISTED, "restricted"));
            assertThat(subject(http, "ACCOUNT", BEHIND.get(0), "restricted")).isFalse();
        }

        // When: started again on the same state with a cap of 10
        try (StopPayApp second = StopPayApp.start(config(10))) {
            final HttpCalls http = new HttpCalls(second.httpPort()).as(TestAccess.ADMIN_TOKEN);

            // Then: the IP is no hub, and the listing reaches the accounts behind it, 2 hops away
            await().atMost(Duration.ofSeconds(60)).until(() -> subject(http, "ACCOUNT", BEHIND.get(0), "restricted"));
            assertThat(subject(http, "IP", IP, "hub")).isFalse();
            assertThat(http.get("/v1/subjects/ACCOUNT/" + BEHIND.get(2)).json().at("/restrictions/0/hops").asInt())
                    .isEqualTo(2);
        }
    }

    private StopPayConfig config(final int maxDegree) {
        return StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                StopPayConfig.APPLICATION_ID, "stoppay-hub-cap-it",
                StopPayConfig.STATE_DIR, stateDir.toString(),
                StopPayConfig.HTTP_PORT, "0",
                StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true",
                StopPayConfig.HTTP_ADVERTISED_HOST, "localhost",
                StopPayConfig.ACCESS_FILE, TestAccess.write(stateDir).toString(),
                StopPayConfig.MAX_DEGREE, Integer.toString(maxDegree)));
    }

    private static boolean subject(final HttpCalls http, final String type, final String id, final String field) {
        final HttpCalls.Answer answer = http.get("/v1/subjects/" + type + "/" + id);
        return answer.status() == 200 && answer.json().path(field).asBoolean();
    }

    private static ProducerRecord<byte[], byte[]> link(final Topics topics, final String account) {
        return new ProducerRecord<>(topics.linkages().name(), bytes("ACCOUNT:" + account + "|IP:" + IP),
                AvroSerde.of(Linkage.class).encode(Linkage.newBuilder().setAType(SubjectType.ACCOUNT).setAId(account)
                        .setBType(SubjectType.IP).setBId(IP).setKind(LinkKind.IP_ACCOUNT).setSource("bank")
                        .setLinkedAt(Instant.now()).build()));
    }

    private static ProducerRecord<byte[], byte[]> listing(final Topics topics) {
        return new ProducerRecord<>(topics.lists().name(), bytes("ACCOUNT:" + LISTED),
                AvroSerde.of(RiskListEntry.class).encode(RiskListEntry.newBuilder().setSubjectType(SubjectType.ACCOUNT)
                        .setSubjectId(LISTED).setListType(ListType.FRAUD_ACCOUNT).setRiskLevel(3)
                        .setSource("PSB-320600-antifraud-centre").setListedAt(Instant.now()).build()));
    }

    private static List<String> concat(final String first, final List<String> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
