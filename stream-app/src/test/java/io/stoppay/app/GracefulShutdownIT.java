package io.stoppay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.testing.FreePort;
import io.stoppay.testing.HttpCalls;
import io.stoppay.testing.TestAccess;
import io.stoppay.testing.RealKafka;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/**
 * {@code stoppay run} as Kubernetes runs it, a process of its own (the shaded jar), stopped with
 * SIGTERM: it must commit what it has processed and close cleanly. The commit interval is the
 * longest allowed (60 s, far beyond the few seconds the test needs), so under exactly-once nothing
 * the instance processed is committed before the shutdown commits it.
 */
class GracefulShutdownIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final Path JAR = Path.of("target", "stoppay.jar");
    private static final String APP_ID = "stoppay-sigterm";
    private static final String PAYER = "6222000000000500001";

    @TempDir
    Path workDir;

    @Test
    void shouldCommitProcessedWorkAndStopCleanlyOnSigterm() throws Exception {
        // Given StopPay in its own process, which has processed a payment but not yet committed it
        final int port = FreePort.any();
        final Path config = workDir.resolve("stoppay.properties");
        Files.writeString(config, String.join("\n",
                "kafka.bootstrap.servers=" + KAFKA.bootstrapServers(),
                StopPayConfig.APPLICATION_ID + "=" + APP_ID,
                StopPayConfig.STATE_DIR + "=" + workDir.resolve("state"),
                StopPayConfig.COMMIT_INTERVAL_MS + "=60000",
                StopPayConfig.HTTP_PORT + "=" + port,
                StopPayConfig.HTTP_PLAINTEXT_ALLOWED + "=true",
                StopPayConfig.HTTP_ADVERTISED_HOST + "=localhost",
                StopPayConfig.ACCESS_FILE + "=" + TestAccess.write(workDir)));
        final Path log = workDir.resolve("stoppay.log");
        final Process stopPay = new ProcessBuilder(javaExecutable(), "-jar", JAR.toString(), "run",
                "--config", config.toString(), "--create-topics", "--partitions", "2")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final Topics topics = Topics.from(StopPayConfig.of(Map.of()));
        try {
            final HttpCalls http = new HttpCalls(port).as(TestAccess.ADMIN_TOKEN);
            await().atMost(Duration.ofSeconds(90)).until(() -> ready(http));
            pay(topics, PAYER, "SIGTERM-1");
            // The payer's task has processed it (its local store shows it) but not committed it.
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    http.get("/v1/subjects/ACCOUNT/" + PAYER).json().at("/behaviour/outflows/payments").asInt() == 1);
            assertThat(committedPaymentOffsets(topics)).as("nothing committed yet").isZero();

            // When it is sent SIGTERM
            stopPay.destroy();

            // Then it stops on its own, having committed the payment it processed
            assertThat(stopPay.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            assertThat(Files.readString(log)).contains("to=\"NOT_RUNNING\"")
                    .contains("StopPay stopped: work committed, stores closed");
            assertThat(committedPaymentOffsets(topics)).isEqualTo(1);
        } finally {
            stopPay.destroyForcibly();
        }
    }

    private static boolean ready(final HttpCalls http) {
        try {
            return http.get("/health/ready").status() == 200;
        } catch (final IllegalStateException notListeningYet) {
            return false;
        }
    }

    /** The payments StopPay's consumer group has committed, over all partitions. */
    private static long committedPaymentOffsets(final Topics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(APP_ID).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(entry -> entry.getKey().topic().equals(topics.payments().name()))
                    .mapToLong(entry -> entry.getValue().offset()).sum();
        }
    }

    private static void pay(final Topics topics, final String payer, final String txnId) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(KAFKA.producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
            final PaymentTransaction txn = PaymentTransaction.newBuilder().setTxnId(txnId).setEventTime(Instant.now())
                    .setChannel(Channel.MOBILE_BANKING).setPayer(Party.newBuilder().setAccountId(payer).build())
                    .setPayee(Party.newBuilder().setAccountId("6217000000000500002").build()).setAmountMinor(1_000)
                    .setCurrency("CNY").setRegionCode("320623").build();
            producer.send(new ProducerRecord<>(topics.payments().name(), payer.getBytes(StandardCharsets.UTF_8),
                    AvroSerde.of(PaymentTransaction.class).encode(txn))).get();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
