package io.stoppay.demo;

import io.stoppay.admin.ListAudits;
import io.stoppay.privacy.Mask;
import io.stoppay.rules.Money;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import stoppay.v1.Action;
import stoppay.v1.DeadLetter;
import stoppay.v1.ListAction;
import stoppay.v1.ListAudit;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RegionDailyStatistics;
import stoppay.v1.RiskDecision;
import stoppay.v1.StopPaymentAlert;
import stoppay.v1.WarningOutcomeKind;

/**
 * Prints what StopPay publishes as it happens, the way a bank or a police centre would see it
 * (read_committed), and counts it. PASS decisions are counted, not printed. Each alert and warning is
 * handed to the {@link DemoResponders}; listings made by a bank's CONFIRMED_FRAUD are printed, and the
 * latest statistics of each region-day are kept for {@link #statistics()}.
 */
public final class LiveFeed implements Runnable, AutoCloseable {

    private static final AvroSerde<RiskDecision> DECISIONS = AvroSerde.of(RiskDecision.class);
    private static final AvroSerde<StopPaymentAlert> ALERTS = AvroSerde.of(StopPaymentAlert.class);
    private static final AvroSerde<PoliceWarning> WARNINGS = AvroSerde.of(PoliceWarning.class);
    private static final AvroSerde<DeadLetter> DEAD_LETTERS = AvroSerde.of(DeadLetter.class);
    private static final AvroSerde<ListAudit> AUDITS = AvroSerde.of(ListAudit.class);
    private static final AvroSerde<RegionDailyStatistics> STATISTICS = AvroSerde.of(RegionDailyStatistics.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final PrintStream out;
    private final DemoResponders responders;
    private final Map<String, RegionDailyStatistics> statistics = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public LiveFeed(final Map<String, Object> kafka, final Topics topics, final PrintStream out,
                    final DemoResponders responders) {
        final Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "stoppay-demo-feed");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.out = out;
        this.responders = responders;
        consumer.subscribe(List.of(topics.decisions().name(), topics.stopPayments().name(),
                topics.policeWarnings().name(), topics.deadLetters().name(), topics.listAudit().name(),
                topics.statistics().name()));
    }

    @Override
    public void run() {
        try {
            while (running.get()) {
                consumer.poll(Duration.ofMillis(200)).forEach(this::print);
            }
        } catch (final WakeupException e) {
            // close() was called: stop polling.
        } finally {
            consumer.close();
        }
    }

    /** How many of each were seen: decisions by action, alerts, warnings, dead letters. */
    public long count(final String what) {
        final LongAdder adder = counts.get(what);
        return adder == null ? 0 : adder.sum();
    }

    /** One line with every count, e.g. {@code decided=120 PASS=100 ... STOP_PAYMENT=4 alerts=9}. */
    public String summary() {
        final Map<String, Long> byAction = new TreeMap<>();
        for (final Action action : Action.values()) {
            byAction.put(action.name(), count(action.name()));
        }
        return "decided=" + count("decided") + " "
                + byAction.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))
                + " alerts=" + count("alerts") + " police-warnings=" + count("warnings")
                + " dead-letters=" + count("dead-letters") + " outcomes=" + outcomesWritten()
                + " listed=" + count("listed");
    }

    /**
     * One line per region-day of {@link #statistics()}, as StopPay publishes them, e.g.
     * {@code 2026-12-01 region 320623: decided=120 held=8 stopped=5 intercepted=CNY 90,000.00 ...}.
     */
    public List<String> statisticsLines() {
        return statistics().values().stream().map(s -> String.format(Locale.ROOT,
                "%s region %s: decided=%d held=%d stopped=%d intercepted=%s alerts=%d warnings=%d"
                        + " answered alerts=%d warnings=%d dissuaded=%d losses=%d"
                        + " median alert→action %s min, warning→outcome %s min",
                s.getDay(), s.getRegionCode(), s.getDecided(), count(s.getDecisionsByAction(), Action.HOLD.name()),
                count(s.getDecisionsByAction(), Action.STOP_PAYMENT.name()),
                s.getInterceptedMinor().isEmpty() ? "0" : new TreeMap<>(s.getInterceptedMinor()).entrySet().stream()
                        .map(e -> Money.format(e.getValue(), e.getKey())).collect(Collectors.joining(" + ")),
                s.getAlerts(), sum(s.getWarningsByKind()), sum(s.getAlertOutcomes()), sum(s.getWarningOutcomes()),
                count(s.getWarningOutcomes(), WarningOutcomeKind.DISSUADED.name()),
                count(s.getWarningOutcomes(), WarningOutcomeKind.LOSS_ALREADY_OCCURRED.name()),
                orDash(s.getMedianAlertToActionMinutes()), orDash(s.getMedianWarningToOutcomeMinutes()))).toList();
    }

    /** Outcomes the responders wrote. */
    public long outcomesWritten() {
        return responders.answered();
    }

    /** Payments decided, over every region-day of {@link #statistics()}. */
    public long statisticsDecided() {
        return statistics.values().stream().mapToLong(RegionDailyStatistics::getDecided).sum();
    }

    /** Alerts and warnings answered, over every region-day of {@link #statistics()}. */
    public long statisticsAnswered() {
        return statistics.values().stream().mapToLong(s -> sum(s.getAlertOutcomes()) + sum(s.getWarningOutcomes())).sum();
    }

    private static long count(final Map<String, Long> counts, final String name) {
        return counts.getOrDefault(name, 0L);
    }

    private static long sum(final Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String orDash(final Integer minutes) {
        return minutes == null ? "-" : minutes.toString();
    }

    /** The latest statistics of every region-day published while this feed ran, by key (region|day). */
    public Map<String, RegionDailyStatistics> statistics() {
        return new TreeMap<>(statistics);
    }

    private void print(final ConsumerRecord<byte[], byte[]> record) {
        final String topic = record.topic();
        if (topic.equals(topics.decisions().name())) {
            final RiskDecision decision = DECISIONS.decode(record.value());
            increment("decided");
            increment(decision.getAction().name());
            if (decision.getAction() != Action.PASS) {
                out.printf(Locale.ROOT, "[decision] %-14s score=%3d txn=%s %s → %s %s%n", decision.getAction(),
                        decision.getScore(), decision.getTxnId(), Mask.cardOrAccount(decision.getPayerAccountId()),
                        Mask.cardOrAccount(decision.getPayeeAccountId()),
                        Money.format(decision.getAmountMinor(), decision.getCurrency()));
                decision.getHits().forEach(hit -> out.printf("           %s: %s%n", hit.getRuleId(), hit.getEvidence()));
            }
        } else if (topic.equals(topics.stopPayments().name())) {
            final StopPaymentAlert alert = ALERTS.decode(record.value());
            increment("alerts");
            out.printf(Locale.ROOT, "[bank alert] %s %s payer %s, alert %s%n", alert.getAction(), alert.getTxnId(),
                    Mask.cardOrAccount(alert.getPayerAccountId()), alert.getAlertId());
            responders.answer(alert);
        } else if (topic.equals(topics.policeWarnings().name())) {
            final PoliceWarning warning = WARNINGS.decode(record.value());
            increment("warnings");
            out.printf(Locale.ROOT, "[police %s] %s txn=%s payer %s (phone %s) → payee %s %s%n",
                    warning.getRegionCode(), warning.getKind(), warning.getTxnId(), warning.getPayerMasked(),
                    warning.getPayerPhoneMasked(), warning.getPayeeMasked(),
                    Money.format(warning.getAmountMinor(), warning.getCurrency()));
            responders.answer(warning);
        } else if (topic.equals(topics.statistics().name())) {
            if (record.value() != null) {
                statistics.put(new String(record.key(), StandardCharsets.UTF_8), STATISTICS.decode(record.value()));
            }
        } else if (topic.equals(topics.listAudit().name())) {
            final ListAudit audit = AUDITS.decode(record.value());
            if (audit.getAction() == ListAction.LISTED && ListAudits.VIA_BANK_OUTCOME.equals(audit.getVia())) {
                increment("listed");
                out.printf(Locale.ROOT, "[listed] %s %s as %s (%s): %s%n", audit.getSubjectType(),
                        Mask.cardOrAccount(audit.getSubjectId()), audit.getEntry().getListType(),
                        audit.getOperator(), audit.getReason());
            }
        } else {
            final DeadLetter letter = DEAD_LETTERS.decode(record.value());
            increment("dead-letters");
            out.printf(Locale.ROOT, "[dead letter] %s %s-%d@%d: %s%n", letter.getReason(), letter.getSourceTopic(),
                    letter.getSourcePartition(), letter.getSourceOffset(), letter.getError());
        }
    }

    private void increment(final String what) {
        counts.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
