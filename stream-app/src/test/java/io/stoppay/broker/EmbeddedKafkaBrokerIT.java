package io.stoppay.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoppay.app.TopicProvisioner;
import io.stoppay.testing.RealKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The test broker supports transactions, and the embedded broker keeps its data in its data directory. */
class EmbeddedKafkaBrokerIT {

    @RegisterExtension
    static final RealKafka kafka = new RealKafka();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void readCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
        String topic = "transactions";
        kafka.createTopics(topic);
        Map<String, Object> producerProps = kafka.producerProps();
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "transactions-it");
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-3"));
            producer.commitTransaction();
        }

        // The last value comes after the aborted one, so once it is read everything before it has been too.
        assertThat(readUntil(kafka.consumerProps("read-committed"), topic, "committed-3"))
                .containsExactly("committed-1", "committed-2", "committed-3");

        Map<String, Object> uncommitted = kafka.consumerProps("read-uncommitted");
        uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        assertThat(readUntil(uncommitted, topic, "committed-3"))
                .as("the aborted record was written, and is hidden by read_committed only")
                .containsExactly("committed-1", "committed-2", "aborted", "committed-3");
    }

    @Test
    void keepsItsDataAcrossRestartsOnTheSameDataDirectory(@TempDir Path dataDir) throws Exception {
        String topic = "durable";
        List<NewTopic> topics = List.of(new NewTopic(topic, 1, (short) 1));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Optional.of(dataDir))) {
            createTopics(broker, topics);
            try (var producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "survives a restart")).get();
            }
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Optional.of(dataDir))) {
            createTopics(broker, topics); // already there: a no-op
            Map<String, Object> consumerProps = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "after-restart",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            assertThat(readUntil(consumerProps, topic, "survives a restart")).containsExactly("survives a restart");
        }
    }

    /** The demo's broker has no authentication: nobody but this machine may reach it (its topics hold payments). */
    @Test
    void listensOnTheLoopbackAddressOnly() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startOnLoopback(Optional.empty())) {
            assertThat(broker.listenerPorts()).as("the client and the controller listener").hasSize(2);
            for (int port : broker.listenerPorts()) {
                assertThat(connects(new InetSocketAddress(EmbeddedKafkaBroker.LOOPBACK, port))).isTrue();
                for (InetAddress address : nonLoopbackAddresses()) {
                    assertThat(connects(new InetSocketAddress(address, port)))
                            .as("port %d on %s", port, address.getHostAddress()).isFalse();
                }
                if (ListeningSockets.readable()) {
                    assertThat(ListeningSockets.on(port)).as("what port %d is bound to", port)
                            .singleElement().isEqualTo(InetAddress.getByName(EmbeddedKafkaBroker.LOOPBACK));
                }
            }
            assertThat(nonLoopbackAddresses().isEmpty() && !ListeningSockets.readable())
                    .as("this machine lets the test check the binding one way or the other").isFalse();
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(ni -> {
            try {
                return ni.isUp();
            } catch (SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(address -> !address.isLoopbackAddress()).toList();
    }

    private static boolean connects(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Producing right after creation must not race the leader election (see TopicProvisioner). */
    @Test
    void topicsAreCreatedWithALeaderForEveryPartition() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicProvisioner.createIfAbsent(admin, List.of(new NewTopic("led-at-once", 6, (short) 1)));

            assertThat(admin.describeTopics(List.of("led-at-once")).allTopicNames().get().get("led-at-once")
                    .partitions()).hasSize(6).allSatisfy(p -> assertThat(p.leader()).isNotNull()
                            .satisfies(leader -> assertThat(leader.isEmpty()).isFalse()));
        }
    }

    private static void createTopics(EmbeddedKafkaBroker broker, List<NewTopic> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicProvisioner.createIfAbsent(admin, topics);
        }
    }

    /** Reads {@code topic} from the start until {@code last} arrives; returns every value read, in order. */
    private static List<String> readUntil(Map<String, Object> consumerProps, String topic, String last) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(TIMEOUT).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.contains(last);
            });
        }
        return values;
    }
}
