package io.stoppay.testing;

import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import stoppay.v1.Channel;
import stoppay.v1.LinkKind;
import stoppay.v1.Linkage;
import stoppay.v1.ListType;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * Writes what banks and list feeders write to StopPay's input topics, as they would: Avro
 * single-object encoding, one record at a time, each acknowledged before the call returns.
 */
public final class Feeder implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Topics topics;

    public Feeder(final RealKafka kafka, final Topics topics) {
        this.producer = new KafkaProducer<>(kafka.producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
        this.topics = topics;
    }

    /** Lists a subject, level 3, under its v1 key {@code TYPE:id}, by an anti-fraud centre. */
    public void list(final SubjectType type, final String id, final ListType listType)
            throws ExecutionException, InterruptedException {
        send(topics.lists().name(), type + ":" + id, AvroSerde.of(RiskListEntry.class).encode(RiskListEntry.newBuilder()
                .setSubjectType(type).setSubjectId(id).setListType(listType).setRiskLevel(3)
                .setSource("PSB-320600-antifraud-centre").setListedAt(Instant.now()).build()));
    }

    /** Links two subjects, as a bank would. */
    public void link(final SubjectType aType, final String aId, final SubjectType bType, final String bId,
                     final LinkKind kind) throws ExecutionException, InterruptedException {
        send(topics.linkages().name(), aType + ":" + aId + "|" + bType + ":" + bId, AvroSerde.of(Linkage.class).encode(
                Linkage.newBuilder().setAType(aType).setAId(aId).setBType(bType).setBId(bId).setKind(kind)
                        .setSource("bank").setLinkedAt(Instant.now()).build()));
    }

    /** A CNY mobile-banking payment made now in {@code region}, naming no bank. */
    public void pay(final String txnId, final String payer, final String payee, final long amountMinor,
                    final String region) throws ExecutionException, InterruptedException {
        pay(txnId, Party.newBuilder().setAccountId(payer).build(), Party.newBuilder().setAccountId(payee).build(),
                amountMinor, region);
    }

    /** A CNY mobile-banking payment made now in {@code region}, between two parties as given (banks and all). */
    public void pay(final String txnId, final Party payer, final Party payee, final long amountMinor,
                    final String region) throws ExecutionException, InterruptedException {
        send(topics.payments().name(), payer.getAccountId(), AvroSerde.of(PaymentTransaction.class).encode(
                PaymentTransaction.newBuilder().setTxnId(txnId).setEventTime(Instant.now())
                        .setChannel(Channel.MOBILE_BANKING).setPayer(payer).setPayee(payee)
                        .setAmountMinor(amountMinor).setCurrency("CNY").setRegionCode(region).build()));
    }

    /** Any record, as raw bytes: a feeder's mistake, say. */
    public void send(final String topic, final String key, final byte[] value) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
