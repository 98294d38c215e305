package io.stoppay.demo;

import io.stoppay.schemas.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import stoppay.v1.AccountClass;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/**
 * The demo's payments: mostly ordinary ones (family transfers, bills, shopping), one in four
 * from a fraud pattern (listed and linked payees, elderly and protected victims, limits, mules
 * collecting and relaying, bots, dormant and new accounts, cross-border and digital RMB, card
 * farming on one device, traded accounts of one holder), and
 * now and then a record no bank should send (to show the dead-letter
 * topic). Deterministic for a seed, apart from the event times.
 */
public final class DemoTraffic {

    private static final AvroSerde<PaymentTransaction> SERDE = AvroSerde.of(PaymentTransaction.class);
    private static final Channel[] EVERYDAY = {Channel.MOBILE_BANKING, Channel.THIRD_PARTY_PAY, Channel.POS,
        Channel.ONLINE_BANKING};
    private static final int BAD_RECORD_EVERY = 97;

    private final DemoWorld world;
    private final String topic;
    private final Random random;
    private final List<DemoWorld.Person> elderly;
    private final List<DemoWorld.Person> classThree;
    private final List<Function<Instant, PaymentTransaction>> scenarios;
    private long sequence;

    public DemoTraffic(final DemoWorld world, final String topic, final long seed) {
        this.world = world;
        this.topic = topic;
        this.random = new Random(seed);
        final int thisYear = Instant.now().atZone(ZoneOffset.UTC).getYear();
        this.elderly = world.people().stream().filter(p -> thisYear - p.birthYear() >= 60).toList();
        this.classThree = world.people().stream().filter(p -> p.accountClass() == AccountClass.CLASS_III).toList();
        this.scenarios = List.of(
                now -> pay(now, anyone(), world.fraudAccount().party(), yuan(3_000, 50_000)),
                now -> pay(now, anyone(), world.linkedToFraudCard().party(), yuan(1_000, 20_000)),
                now -> pay(now, anyone(), world.twoHopsFromSuspect().party(), yuan(500, 5_000)),
                now -> pay(now, pick(elderly), stranger(), yuan(6_000, 80_000)),
                now -> pay(now, world.protectedVictim(), stranger(), yuan(8_000, 30_000)),
                now -> pay(now, world.accountTrader(), anyone().party(), yuan(2_000, 9_000)),
                now -> PaymentTransaction.newBuilder(pay(now, anyone(), anyone().party(), yuan(10, 800)))
                        .setIpAddress(world.highRiskIp()).build(),
                now -> pay(now, anyone(), anyone().party(), yuan(60_000, 200_000)),
                now -> pay(now, pick(classThree), usualPayee(pick(classThree)), yuan(2_000, 4_000)),
                now -> pay(now, anyone(), world.collector().party(), yuan(1_000, 5_000)),
                now -> pay(now, anyone(), world.collector().party(), yuan(1_000, 5_000)),
                now -> pay(now, anyone(), world.relay().party(), yuan(20_000, 30_000)),
                now -> pay(now, world.relay(), stranger(), yuan(18_000, 20_000)),
                now -> pay(now, world.bot(), usualPayee(world.bot()), yuan(50, 300)),
                now -> pay(now, world.bot(), usualPayee(world.bot()), yuan(50, 300)),
                now -> pay(now, world.scammed(), stranger(), yuan(500, 2_000)),
                now -> pay(now, pick(world.dormant()), stranger(), yuan(6_000, 20_000)),
                now -> pay(now, anyone(), world.newAccount().party(), yuan(30_000, 45_000)),
                now -> PaymentTransaction.newBuilder(pay(now, anyone(), stranger(), yuan(25_000, 80_000)))
                        .setCrossBorder(true).build(),
                now -> PaymentTransaction.newBuilder(pay(now, anyone(), anyone().party(), yuan(12_000, 30_000)))
                        .setChannel(Channel.DIGITAL_RMB).build(),
                // Card farming: many payer accounts driven from one phone (人卡分离).
                now -> PaymentTransaction.newBuilder(pay(now, anyone(), stranger(), yuan(200, 1_000)))
                        .setDeviceId("dev-farm-0001").build(),
                now -> pay(now, anyone(), traded(), yuan(1_000, 3_000)));
    }

    /** The next payment record, keyed by payer account as the contract requires. */
    public ProducerRecord<String, byte[]> next(final Instant now) {
        sequence++;
        if (sequence % BAD_RECORD_EVERY == 0) {
            return badRecord(now);
        }
        final PaymentTransaction txn = random.nextInt(100) < 75 ? ordinary(now)
                : scenarios.get((int) (sequence % scenarios.size())).apply(now);
        return new ProducerRecord<>(topic, null, now.toEpochMilli(), txn.getPayer().getAccountId(), SERDE.encode(txn));
    }

    private PaymentTransaction ordinary(final Instant now) {
        final DemoWorld.Person payer = anyone();
        // One everyday payment in ten is shopping at the supermarket: fan-in that must not be stopped.
        final Party payee = random.nextInt(10) == 0 ? world.merchant().party() : usualPayee(payer);
        return pay(now, payer, payee, yuan(10, 2_000));
    }

    private ProducerRecord<String, byte[]> badRecord(final Instant now) {
        final DemoWorld.Person payer = anyone();
        final byte[] value = (sequence / BAD_RECORD_EVERY) % 2 == 0
                ? "{\"txnId\": \"not avro\"}".getBytes(StandardCharsets.UTF_8)
                : SERDE.encode(pay(now, payer, anyone().party(), -100));
        return new ProducerRecord<>(topic, null, now.toEpochMilli(), payer.account(), value);
    }

    private PaymentTransaction pay(final Instant now, final DemoWorld.Person payer, final Party payee,
                                   final long amountMinor) {
        return PaymentTransaction.newBuilder()
                .setTxnId(String.format(Locale.ROOT, "DEMO-%d-%08d", now.toEpochMilli() / 1000, sequence))
                .setEventTime(now)
                .setChannel(EVERYDAY[random.nextInt(EVERYDAY.length)])
                .setPayer(payer.party())
                .setPayee(payee)
                .setAmountMinor(amountMinor)
                .setCurrency("CNY")
                .setDeviceId("dev-" + payer.phone().hashCode())
                .setRegionCode(payer.region())
                .build();
    }

    private DemoWorld.Person anyone() {
        return pick(world.people());
    }

    private Party usualPayee(final DemoWorld.Person payer) {
        // Each holder pays the same few people: their family, landlord, utility.
        final int index = Math.floorMod(payer.account().hashCode() * 7 + random.nextInt(3), world.people().size());
        return world.people().get(index).party();
    }

    /** One of the accounts opened under the card trader's ID, as a payee carrying that ID. */
    private Party traded() {
        return Party.newBuilder(pick(world.tradedAccounts()).party()).setIdNumberHash(world.cardTraderIdHash()).build();
    }

    private Party stranger() {
        return Party.newBuilder().setAccountId(String.format(Locale.ROOT, "6217%015d", 40_000_000_000L + sequence))
                .setName("未知").build();
    }

    private <T> T pick(final List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private long yuan(final int from, final int to) {
        return (from + (long) random.nextInt(to - from)) * 100;
    }
}
