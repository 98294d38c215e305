package io.stoppay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stoppay.broker.EmbeddedKafkaBroker;
import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.testing.CommittedDecisions;
import io.stoppay.topology.InterceptionTopology;
import io.stoppay.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.ListType;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * StopPay against a broker that only speaks TLS with SASL/SCRAM-SHA-512 on its client listener,
 * configured as the README tells an operator to (only {@code kafka.*} settings): it provisions its
 * topics, decides a payment to a listed account, and a client with a wrong password is refused.
 * The certificate is made for the test with the JDK's {@code keytool}.
 */
class SecureKafkaIT {

    private static final String STORE_PASSWORD = "test-store-secret";
    private static final String ADMIN_PASSWORD = "admin-secret";
    private static final String STOPPAY_PASSWORD = "stoppay-scram-secret";

    @TempDir
    Path dir;

    @Test
    void shouldDecideOverTlsWithScramAndRefuseAWrongPassword() throws Exception {
        final Path keystore = dir.resolve("broker.p12");
        final Path truststore = dir.resolve("truststore.p12");
        makeCertificate(keystore, truststore);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Optional.empty(), brokerSettings(keystore, truststore))) {
            final Map<String, Object> adminClient = client(broker, truststore, "PLAIN", plain("admin", ADMIN_PASSWORD));
            try (Admin admin = Admin.create(adminClient)) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("stoppay",
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), STOPPAY_PASSWORD)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            final Map<String, Object> stopPayClient = client(broker, truststore, "SCRAM-SHA-512",
                    scram("stoppay", STOPPAY_PASSWORD));
            final Map<String, String> settings = new HashMap<>();
            stopPayClient.forEach((key, value) -> settings.put(StopPayConfig.KAFKA_PREFIX + key, value.toString()));
            settings.put(StopPayConfig.APPLICATION_ID, "stoppay-secure");
            settings.put(StopPayConfig.STATE_DIR, dir.resolve("state").toString());
            settings.put(StopPayConfig.HTTP_PORT, "0");
            settings.put(StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true");
            final StopPayConfig config = StopPayConfig.of(settings);
            final Topics topics = Topics.from(config);
            // SCRAM credentials reach the broker's authenticator shortly after they are written.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (Admin admin = Admin.create(config.kafka())) {
                    new TopicProvisioner(admin, topics).createMissing(2);
                    return true;
                }
            });

            try (StopPayApp app = StopPayApp.start(config);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stopPayClient, new StringSerializer(),
                         new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topics.lists().name(), "ACCOUNT:6217000000000900001",
                        AvroSerde.of(RiskListEntry.class).encode(RiskListEntry.newBuilder()
                                .setSubjectType(SubjectType.ACCOUNT).setSubjectId("6217000000000900001")
                                .setListType(ListType.FRAUD_ACCOUNT).setRiskLevel(3).setSource("PSB")
                                .setListedAt(Instant.now()).build()))).get();
                await().atMost(Duration.ofSeconds(60)).until(() -> restricted(app, "ACCOUNT:6217000000000900001"));
                producer.send(new ProducerRecord<>(topics.payments().name(), "6217000000000900002",
                        AvroSerde.of(PaymentTransaction.class).encode(PaymentTransaction.newBuilder()
                                .setTxnId("TLS-1").setEventTime(Instant.now()).setChannel(Channel.MOBILE_BANKING)
                                .setPayer(Party.newBuilder().setAccountId("6217000000000900002").build())
                                .setPayee(Party.newBuilder().setAccountId("6217000000000900001").build())
                                .setAmountMinor(50_000).setCurrency("CNY").build()))).get();

                assertThat(CommittedDecisions.awaitDecision(stopPayClient, topics.decisions().name(), "TLS-1")
                        .getAction()).isEqualTo(Action.STOP_PAYMENT);
            }

            try (Admin intruder = Admin.create(client(broker, truststore, "SCRAM-SHA-512", scram("stoppay", "guessed")))) {
                assertThatThrownBy(() -> intruder.listTopics().names().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    private static boolean restricted(final StopPayApp app, final String subject) {
        try {
            return app.streams().store(StoreQueryParameters.fromNameAndType(InterceptionTopology.RESTRICTED_SUBJECTS,
                    QueryableStoreTypes.keyValueStore())).get(subject) != null;
        } catch (final InvalidStateStoreException e) {
            return false;
        }
    }

    /**
     * The client listener speaks SASL_SSL with SCRAM-SHA-512 for applications and PLAIN for one
     * bootstrap administrator (who creates the SCRAM users, and whom the broker itself uses).
     */
    private static Map<String, String> brokerSettings(final Path keystore, final Path truststore) {
        return Map.ofEntries(
                Map.entry("listener.security.protocol.map", "EXTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT"),
                Map.entry("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512"),
                Map.entry("sasl.mechanism.inter.broker.protocol", "PLAIN"),
                Map.entry("listener.name.external.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\""
                                + ADMIN_PASSWORD + "\" user_admin=\"" + ADMIN_PASSWORD + "\";"),
                Map.entry("listener.name.external.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
                Map.entry("ssl.keystore.type", "PKCS12"),
                Map.entry("ssl.keystore.location", keystore.toString()),
                Map.entry("ssl.keystore.password", STORE_PASSWORD),
                Map.entry("ssl.key.password", STORE_PASSWORD),
                Map.entry("ssl.truststore.type", "PKCS12"),
                Map.entry("ssl.truststore.location", truststore.toString()),
                Map.entry("ssl.truststore.password", STORE_PASSWORD));
    }

    private static Map<String, Object> client(final EmbeddedKafkaBroker broker, final Path truststore,
                                              final String mechanism, final String jaas) {
        final Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", mechanism);
        props.put("sasl.jaas.config", jaas);
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", STORE_PASSWORD);
        return props;
    }

    private static String plain(final String user, final String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static String scram(final String user, final String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** A self-signed certificate for localhost, and a truststore holding it, made with keytool. */
    private static void makeCertificate(final Path keystore, final Path truststore) throws Exception {
        final Path cert = keystore.resolveSibling("broker.crt");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
                "-rfc", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", STORE_PASSWORD);
        assertThat(Files.size(truststore)).isPositive();
    }

    private static void keytool(final String... args) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("keytool " + args[0] + ": " + output).isZero();
    }
}
