package io.stoppay.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.broker.EmbeddedKafkaBroker;
import io.stoppay.schemas.AvroSerde;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.PaymentTransaction;

class GeneratorCliTest {

    private static final List<String> TOPICS = List.of(GenerateTraffic.PAYMENTS, GenerateTraffic.ACCOUNTS,
            GenerateTraffic.LISTS, GenerateTraffic.LINKAGES);

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldRefuseBadOptionsWithOneLineAndExitCodeTwo() {
        final String labels = dir.resolve("l.csv").toString();
        final List<String[]> bad = List.of(
                new String[] {"--labels", labels, "--run-id", "r"},
                new String[] {"--bootstrap-servers", "x:9092", "--labels", labels, "--run-id", "r", "--rate", "-1"},
                new String[] {"--bootstrap-servers", "x:9092", "--labels", labels, "--run-id", "r", "--mix", "mules=1"},
                new String[] {"--bootstrap-servers", "x:9092", "--labels", labels, "--run-id", "r", "--accounts", "5"},
                new String[] {"--bootstrap-servers", "x:9092", "--labels", labels, "--run-id", "a b"},
                new String[] {"--bootstrap-servers", "x:9092", "--labels", labels, "--run-id", "r", "--duration", "soon"});

        for (final String[] args : bad) {
            final StringWriter lineErr = new StringWriter();
            assertThat(GenerateTraffic.execute(new PrintWriter(out), new PrintWriter(lineErr), args))
                    .as(String.join(" ", args)).isEqualTo(2);
            assertThat(lineErr.toString()).startsWith("generate-traffic: ").hasLineCount(1);
        }
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldPublishReferenceDataThenPacedPaymentsWithTheirLabels() throws Exception {
        final Path labels = dir.resolve("labels.csv");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Optional.empty())) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                admin.createTopics(TOPICS.stream().map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
            }

            final int exit = GenerateTraffic.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                    "--bootstrap-servers", broker.bootstrapServers(), "--rate", "200", "--duration", "2s",
                    "--accounts", "2000", "--seed", "5", "--labels", labels.toString(), "--run-id", "cli1",
                    "--mix", "ordinary=0.5,mule_fan_in=0.25,listed_payee=0.25");

            assertThat(err.toString()).isEmpty();
            assertThat(exit).isZero();
            final List<PaymentLabel> written = LabelFile.read(labels);
            assertThat(written).hasSizeBetween(380, 400);
            // 4 rings listed by the police, 2 of them by the bank too, and the listed NAT address;
            // 6 links per ring and 250 people behind each of 2 NATs.
            assertThat(out.toString()).contains("published 2000 account profiles, 7 list entries, 524 linkages")
                    .contains("sent " + written.size() + " payments");
            assertThat(readAll(broker, GenerateTraffic.ACCOUNTS)).hasSize(2000);
            assertThat(readAll(broker, GenerateTraffic.LISTS)).hasSize(7);
            assertThat(readAll(broker, GenerateTraffic.LINKAGES)).hasSize(524);
            final AvroSerde<PaymentTransaction> serde = AvroSerde.of(PaymentTransaction.class);
            final List<ConsumerRecord<String, byte[]>> payments = readAll(broker, GenerateTraffic.PAYMENTS);
            assertThat(payments).allSatisfy(r -> {
                final PaymentTransaction txn = serde.decode(r.value());
                assertThat(r.key()).isEqualTo(txn.getPayer().getAccountId());
                assertThat(r.timestamp()).isEqualTo(txn.getEventTime().toEpochMilli());
            });
            assertThat(payments).extracting(r -> serde.decode(r.value()).getTxnId())
                    .containsExactlyInAnyOrderElementsOf(written.stream().map(PaymentLabel::txnId).toList());
            final List<Long> times = payments.stream().map(ConsumerRecord::timestamp).sorted().toList();
            assertThat(Duration.ofMillis(times.get(times.size() - 1) - times.get(0)))
                    .isBetween(Duration.ofMillis(1_800), Duration.ofMillis(2_100));
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(final EmbeddedKafkaBroker broker, final String topic) {
        final Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
