package io.stoppay.deploy;

import static io.stoppay.testing.KubernetesManifests.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoppay.app.TopicProvisioner;
import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.testing.CommittedDecisions;
import io.stoppay.testing.HttpCalls;
import io.stoppay.testing.JsonValues;
import io.stoppay.testing.KubernetesManifests;
import io.stoppay.testing.ContainerImage;
import io.stoppay.testing.FreePort;
import io.stoppay.testing.RealKafka;
import io.stoppay.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskDecision;

/**
 * The container image Maven builds without a Docker daemon ({@code target/stoppay-image.tar})
 * is the one the StatefulSet runs, and it works: unpacked and started as a container engine would
 * start it, as its own non-root user with only its own JRE and libraries, it connects to a real
 * broker and decides a payment.
 */
class ContainerImageIT {

    /** Set by the {@code image} profile, which builds the archive (on Linux); blank without it. */
    private static final String ARCHIVE_PROPERTY = "stoppay.image.archive";

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    @TempDir
    static Path dir;

    private static ContainerImage image;

    @BeforeAll
    static void unpackTheImage() throws IOException {
        final String archive = System.getProperty(ARCHIVE_PROPERTY);
        assumeTrue(archive != null && !archive.isBlank(), "no image: the image profile builds it, on Linux only");
        image = ContainerImage.unpack(Path.of(archive), dir);
    }

    @Test
    void shouldBeTheImageTheStatefulSetRuns() throws IOException {
        final JsonNode pod = only(KubernetesManifests.base(), "StatefulSet").at("/spec/template/spec");
        final JsonNode container = pod.at("/containers/0");

        assertThat(image.reference()).isEqualTo(container.path("image").asText());
        assertThat(image.user()).isEqualTo(pod.at("/securityContext/runAsUser").asText() + ":"
                + pod.at("/securityContext/runAsGroup").asText()).doesNotStartWith("0:");
        assertThat(image.cmd()).containsExactlyElementsOf(JsonValues.strings(container.path("args")));
        assertThat(image.cmd()).contains(mountPath(container, "config"));
        assertThat(image.exposedPorts()).containsExactly(container.at("/ports/0/containerPort").asText() + "/tcp");
        assertThat(image.volumes()).containsExactly(mountPath(container, "state"));
        assertThat(stateDir()).startsWith(mountPath(container, "state") + "/");
        assertThat(image.entrypoint()).first().isEqualTo("/opt/java/bin/java");
        assertThat(image.env().get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=");
    }

    @Test
    void shouldDecideAPaymentAsItsNonRootUser() throws Exception {
        final int httpPort = FreePort.any();
        final String stateDir = stateDir();
        final Properties settings = new Properties();
        settings.put(StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers());
        settings.put(StopPayConfig.APPLICATION_ID, "stoppay-image");
        settings.put(StopPayConfig.STATE_DIR, stateDir);
        settings.put(StopPayConfig.HTTP_PORT, Integer.toString(httpPort));
        settings.put(StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true");
        settings.put(StopPayConfig.HTTP_ADVERTISED_HOST, "localhost");
        try (var writer = Files.newBufferedWriter(image.path(image.cmd().get(image.cmd().indexOf("--config") + 1)))) {
            settings.store(writer, "ContainerImageIT");
        }
        final StopPayConfig config = StopPayConfig.load(settings, Map.of());
        final Topics topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafka())) {
            new TopicProvisioner(admin, topics).createMissing(2);
        }

        final Path log = dir.resolve("stoppay.log");
        try (ContainerImage.Running container = image.start(log)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                assertThat(container.alive()).as(() -> "exited: " + tail(log)).isTrue();
                assertThat(new HttpCalls(httpPort).get("/health/ready").status()).isEqualTo(200);
            });
            // The console's page, and its chart library from inside its WebJar (served through the zip file system)
            assertThat(new HttpCalls(httpPort).get("/console/").status()).isEqualTo(200);
            assertThat(new HttpCalls(httpPort).get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").status()).isEqualTo(200);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafka(), new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topics.payments().name(), "6217000000000700001",
                        AvroSerde.of(PaymentTransaction.class).encode(PaymentTransaction.newBuilder()
                                .setTxnId("IMAGE-1").setEventTime(Instant.now()).setChannel(Channel.MOBILE_BANKING)
                                .setPayer(Party.newBuilder().setAccountId("6217000000000700001").build())
                                .setPayee(Party.newBuilder().setAccountId("6217000000000700002").build())
                                .setAmountMinor(12_000).setCurrency("CNY").build()))).get();
            }

            final RiskDecision decision = CommittedDecisions.awaitDecision(config.kafka(), topics.decisions().name(),
                    "IMAGE-1");

            assertThat(decision.getAction()).isEqualTo(Action.PASS);
            assertThat(Files.readString(log))
                    .contains("Picked up JAVA_TOOL_OPTIONS: " + image.env().get("JAVA_TOOL_OPTIONS"));
            if (ContainerImage.runsAsItsUser()) {
                assertThat(Files.getAttribute(image.path(stateDir), "unix:uid"))
                        .isEqualTo(Integer.parseInt(image.user().split(":")[0]));
            }
        }
    }

    /** The state directory the ConfigMap gives StopPay. */
    private static String stateDir() throws IOException {
        return KubernetesManifests.configMapProperties().getProperty(StopPayConfig.STATE_DIR);
    }

    private static String mountPath(final JsonNode container, final String volume) {
        for (final JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("no volume mount " + volume + " in " + container);
    }

    private static String tail(final Path log) {
        try {
            final List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
