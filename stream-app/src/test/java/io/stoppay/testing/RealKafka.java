package io.stoppay.testing;

import io.stoppay.app.TopicProvisioner;
import io.stoppay.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * JUnit 5 extension that gives a test class one real Kafka broker for all its tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RealKafka kafka = new RealKafka();
 * }</pre>
 *
 * <p>The broker is a Testcontainers {@link KafkaContainer} when a Docker engine is reachable, and
 * the in-JVM {@link EmbeddedKafkaBroker} otherwise (the CI machines have no Docker engine). Set the
 * system property {@value #BROKER_PROPERTY} to {@code embedded} or {@code docker} to choose.
 *
 * <p>The broker starts before the class's first test and stops after its last, so the field must be
 * {@code static}; otherwise JUnit never starts it and {@link #bootstrapServers()} fails.
 */
public final class RealKafka implements BeforeAllCallback, AfterAllCallback {

    /** System property overriding the automatic choice: {@code embedded} or {@code docker}. */
    public static final String BROKER_PROPERTY = "stoppay.test.broker";

    /** The same Kafka version as the clients and the embedded broker. */
    private static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

    private record Broker(String bootstrapServers, AutoCloseable handle) {}

    private Broker broker;
    /** The test class that started the broker; nested classes reuse it and must not stop it. */
    private String ownerId;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (broker == null) {
            broker = useDocker() ? startContainer() : startEmbedded();
            ownerId = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (context.getUniqueId().equals(ownerId)) {
            try {
                broker.handle().close();
            } finally {
                broker = null;
                ownerId = null;
            }
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        if (broker == null) {
            throw new IllegalStateException("No broker: register RealKafka on a static field with @RegisterExtension");
        }
        return broker.bootstrapServers();
    }

    /** Creates single-partition topics; existing topics are left as they are. */
    public void createTopics(String... names) throws InterruptedException, ExecutionException {
        createTopics(1, names);
    }

    /** Creates topics with the given partition count; existing topics are left as they are. */
    public void createTopics(int partitions, String... names) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            TopicProvisioner.createIfAbsent(admin,
                    Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList());
        }
    }

    /** Idempotent producer settings (no serializers); add {@code transactional.id} for transactions. */
    public Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Tests write to topics they created a moment ago: with several requests in flight, one
        // refused NOT_LEADER_OR_FOLLOWER while the broker applies a new partition can be overtaken,
        // then refused OUT_OF_ORDER_SEQUENCE_NUMBER until its records expire (KAFKA-15591).
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return props;
    }

    /** Consumer settings (no deserializers): read_committed, from the earliest offset, no auto-commit. */
    public Map<String, Object> consumerProps(String groupId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    private static boolean useDocker() {
        String choice = System.getProperty(BROKER_PROPERTY, "");
        return switch (choice) {
            case "docker" -> true;
            case "embedded" -> false;
            case "" -> dockerEngineHinted() && DockerClientFactory.instance().isDockerAvailable();
            default -> throw new IllegalArgumentException(
                    BROKER_PROPERTY + " must be 'embedded' or 'docker', not '" + choice + "'");
        };
    }

    /**
     * Whether anything points at a Docker engine. Only then is Testcontainers asked: without one,
     * its probe logs an ERROR with a stack of failed strategies, which would be noise on every CI run.
     */
    private static boolean dockerEngineHinted() {
        Path home = Path.of(System.getProperty("user.home"));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        return System.getenv("DOCKER_HOST") != null
                || System.getenv("TC_HOST") != null
                || System.getProperty("os.name").startsWith("Windows")
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(home.resolve(".docker"))
                || Files.exists(home.resolve(".testcontainers.properties"))
                || (runtimeDir != null && Files.exists(Path.of(runtimeDir, "docker.sock")));
    }

    private static Broker startContainer() {
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
        container.start();
        return new Broker(container.getBootstrapServers(), container::stop);
    }

    private static Broker startEmbedded() throws Exception {
        EmbeddedKafkaBroker embedded = EmbeddedKafkaBroker.start(Optional.empty());
        return new Broker(embedded.bootstrapServers(), embedded);
    }
}
