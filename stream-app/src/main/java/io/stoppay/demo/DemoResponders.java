package io.stoppay.demo;

import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.Topics;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import stoppay.v1.Action;
import stoppay.v1.PoliceWarning;
import stoppay.v1.StopPaymentAlert;
import stoppay.v1.StopPaymentOutcome;
import stoppay.v1.StopPaymentOutcomeKind;
import stoppay.v1.WarningOutcome;
import stoppay.v1.WarningOutcomeKind;

/**
 * The other end of the loop, simulated: a bank answers some of the stop-payment alerts it sees and
 * the anti-fraud centres answer some of the warnings, as soon as they see them, by writing outcome
 * records (CONTRACT v1.1) that StopPay joins, counts and, for CONFIRMED_FRAUD, lists. Who answers
 * what is a function of the seed and the alert's or warning's id, so a run with the same seed answers
 * the same way.
 */
public final class DemoResponders {

    private static final AvroSerde<StopPaymentOutcome> ALERT_OUTCOMES = AvroSerde.of(StopPaymentOutcome.class);
    private static final AvroSerde<WarningOutcome> WARNING_OUTCOMES = AvroSerde.of(WarningOutcome.class);

    private final long seed;
    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final PrintStream out;
    private final LongAdder answered = new LongAdder();

    public DemoResponders(final long seed, final Producer<String, byte[]> producer, final Topics topics,
                          final PrintStream out) {
        this.seed = seed;
        this.producer = producer;
        this.topics = topics;
        this.out = out;
    }

    /** The bank answers half of its alerts: a stopped payment may be confirmed fraud, a hold released. */
    public void answer(final StopPaymentAlert alert) {
        final int roll = roll(alert.getAlertId());
        final StopPaymentOutcomeKind kind;
        if (roll < 3) {
            kind = alert.getAction() == Action.STOP_PAYMENT
                    ? StopPaymentOutcomeKind.CONFIRMED_FRAUD : StopPaymentOutcomeKind.RELEASED_AFTER_VERIFICATION;
        } else if (roll < 5) {
            kind = StopPaymentOutcomeKind.STOPPED;
        } else {
            return;
        }
        final String operator = "bank-operator-" + (roll + 1);
        final StopPaymentOutcome outcome = StopPaymentOutcome.newBuilder().setAlertId(alert.getAlertId())
                .setTxnId(alert.getTxnId()).setBankCode(DemoWorld.BANK_CODE).setOutcome(kind).setActedAt(Instant.now())
                .setOperator(operator).build();
        send(topics.stopPaymentOutcomes().name(), alert.getAlertId(), ALERT_OUTCOMES.encode(outcome));
        out.printf(Locale.ROOT, "[bank outcome] %s alert %s txn %s by bank %s (%s)%n", kind, alert.getAlertId(),
                alert.getTxnId(), DemoWorld.BANK_CODE, operator);
    }

    /** The region's centre answers six warnings in ten: mostly dissuaded, some not reached or false alarms. */
    public void answer(final PoliceWarning warning) {
        final WarningOutcomeKind kind = switch (roll(warning.getWarningId())) {
            case 0, 1, 2 -> WarningOutcomeKind.DISSUADED;
            case 3 -> WarningOutcomeKind.NOT_REACHED;
            case 4 -> WarningOutcomeKind.FALSE_ALARM;
            case 5 -> WarningOutcomeKind.LOSS_ALREADY_OCCURRED;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        final String officer = "officer-" + warning.getRegionCode() + "-1";
        final WarningOutcome outcome = WarningOutcome.newBuilder().setWarningId(warning.getWarningId())
                .setTxnId(warning.getTxnId()).setRegionCode(warning.getRegionCode()).setOutcome(kind)
                .setActedAt(Instant.now()).setOfficer(officer).build();
        send(topics.warningOutcomes().name(), warning.getWarningId(), WARNING_OUTCOMES.encode(outcome));
        out.printf(Locale.ROOT, "[police outcome] %s warning %s txn %s region %s (%s)%n", kind,
                warning.getWarningId(), warning.getTxnId(), warning.getRegionCode(), officer);
    }

    /** How many outcomes were written. */
    public long answered() {
        return answered.sum();
    }

    private void send(final String topic, final String key, final byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
        answered.increment();
    }

    /** 0..9, the same for the same seed and id. */
    private int roll(final String id) {
        return Math.floorMod(Objects.hash(seed, id), 10);
    }
}
