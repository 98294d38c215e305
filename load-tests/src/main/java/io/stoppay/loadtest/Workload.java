package io.stoppay.loadtest;

import io.stoppay.config.StopPayConfig;
import io.stoppay.loadtest.generator.LabelledPayment;
import io.stoppay.loadtest.generator.PastPayments;
import io.stoppay.loadtest.generator.PaymentLabel;
import io.stoppay.loadtest.generator.Population;
import io.stoppay.loadtest.generator.Scenario;
import io.stoppay.loadtest.generator.TrafficGenerator;
import io.stoppay.loadtest.generator.TrafficMix;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.RestrictionTopology;
import io.stoppay.topology.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import stoppay.v1.AccountProfile;
import stoppay.v1.LinkKind;
import stoppay.v1.Linkage;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * What a benchmark sends: the generated population's reference data once, for a backfilled run its
 * history ({@link PastPayments}), then labelled payments from the {@link TrafficGenerator}, each
 * made for the instant it is sent. Deterministic for a seed.
 */
public final class Workload {

    private static final AvroSerde<PaymentTransaction> PAYMENTS = AvroSerde.of(PaymentTransaction.class);

    private final Population population;
    private final TrafficMix mix;
    private final String runId;
    private TrafficGenerator generator;
    private final Topics topics = Topics.from(StopPayConfig.of(Map.of()));

    public Workload(final long seed, final int accounts, final TrafficMix mix, final String runId) {
        this.population = new Population(seed, accounts, Instant.now());
        this.mix = mix;
        this.runId = runId;
        this.generator = new TrafficGenerator(population, mix, runId);
    }

    /**
     * Starts the traffic afresh for run {@code run} (1, 2, ...): no episode open, no dormant account
     * reactivated, nobody's payee introduced yet, txnIds and minted ids of the run's own. Every run's
     * app starts empty, and with one generator for all runs a fan-in, a pass-through or a farmed
     * device begun while the pass-through ran reached its threshold in StopPay's run, judged on
     * steps StopPay never saw: StopPay after the baseline and the floor detected 58–63% of fan-in
     * where StopPay alone detected 93–95% (2026-12-02). The seed makes the same traffic in each run.
     */
    public void startRun(final long run) {
        generator = new TrafficGenerator(population, mix, runId + "-" + run);
    }

    /** A payment record for the payments topic and its label. */
    public record Labelled(ProducerRecord<String, byte[]> record, PaymentLabel label) {

        public String txnId() {
            return label.txnId();
        }
    }

    /**
     * A carrier-grade NAT address {@code ip} linked (IP_ACCOUNT) to the first {@code links}
     * accounts of the population, as an ISP's or a bank's bulk feed writes it.
     *
     * @throws IllegalArgumentException when the population has fewer accounts than {@code links}
     */
    public List<ProducerRecord<String, byte[]>> hubLinkages(final String ip, final int links) {
        if (links > population.accounts()) {
            throw new IllegalArgumentException("--hub-links " + links + " exceeds --accounts " + population.accounts());
        }
        final AvroSerde<Linkage> serde = AvroSerde.of(Linkage.class);
        final Instant now = Instant.now();
        final List<ProducerRecord<String, byte[]>> records = new ArrayList<>(links);
        for (int i = 0; i < links; i++) {
            final Linkage link = Linkage.newBuilder()
                    .setAType(SubjectType.ACCOUNT).setAId(population.holder(i).accountId())
                    .setBType(SubjectType.IP).setBId(ip)
                    .setKind(LinkKind.IP_ACCOUNT).setSource("carrier-nat-feed").setLinkedAt(now)
                    .build();
            records.add(new ProducerRecord<>(topics.linkages().name(), Population.key(link), serde.encode(link)));
        }
        return records;
    }

    /** Account profiles, list entries and linkages to publish before any payment. */
    public List<ProducerRecord<String, byte[]>> referenceData() {
        final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        final AvroSerde<AccountProfile> profiles = AvroSerde.of(AccountProfile.class);
        population.profiles().forEach(p -> records.add(
                new ProducerRecord<>(topics.accounts().name(), p.getAccountId(), profiles.encode(p))));
        final AvroSerde<Linkage> links = AvroSerde.of(Linkage.class);
        population.linkages().forEach(l -> records.add(
                new ProducerRecord<>(topics.linkages().name(), Population.key(l), links.encode(l))));
        final AvroSerde<RiskListEntry> entries = AvroSerde.of(RiskListEntry.class);
        population.listings().forEach(listing -> records.add(
                new ProducerRecord<>(topics.lists().name(), listing.key(), entries.encode(listing.entry()))));
        return records;
    }

    /** The topics of {@link #referenceData()} that StopPay's decisions client reads: account profiles. */
    public Set<String> referenceTopics() {
        return Set.of(topics.accounts().name());
    }

    /**
     * The topics of {@link #referenceData()} that StopPay's restriction client reads, lists and
     * linkages, and the repartition topics into its graph task, of the client {@code graphAppId}.
     */
    public Set<String> graphTopics(final String graphAppId) {
        return Set.of(topics.linkages().name(), topics.lists().name(),
                graphAppId + "-" + RestrictionTopology.GRAPH_LISTS + "-repartition",
                graphAppId + "-" + RestrictionTopology.GRAPH_LINKS + "-repartition");
    }

    /**
     * The population's ordinary payments of the {@code days} days before {@code end}, as records for
     * StopPay's history topic, keyed by payer as payments are; made as the stream is read.
     *
     * @param id prefixes their txnIds (see {@link PastPayments#PastPayments})
     */
    public Stream<ProducerRecord<String, byte[]>> history(final int days, final Instant end, final String id) {
        return new PastPayments(population, id).before(end, days).map(past -> new ProducerRecord<>(
                topics.paymentHistory().name(), past.key(), PAYMENTS.encode(past.payment())));
    }

    /** StopPay's history topic ({@code payments.history.v1}): past payments it records and never decides. */
    public String historyTopic() {
        return topics.paymentHistory().name();
    }

    /** The scenarios its traffic is meant to make (see {@link TrafficMix#scenarios()}). */
    public Set<Scenario> scenarios() {
        return generator.mix().scenarios();
    }

    /** The next payment, keyed by payer as the contract requires. */
    public Labelled next(final Instant now) {
        final LabelledPayment payment = generator.next(now);
        return new Labelled(new ProducerRecord<>(topics.payments().name(), payment.key(),
                PAYMENTS.encode(payment.payment())), payment.label());
    }
}
