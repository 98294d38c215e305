package io.stoppay.topology;

import static io.stoppay.topology.Payments.listed;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stoppay.rules.BuiltInRuleSet;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.ListType;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleSet;
import stoppay.v1.SubjectType;

/** What the topology records in the metrics as it decides, publishes and refuses. */
class MetricsTopologyTest {

    private static final String PAYER = "6222020200112233445";
    private static final String PAYEE = "6217000011112222333";

    private final InterceptionDriver stopPay = new InterceptionDriver();
    private final MeterRegistry registry = stopPay.metrics.registry();

    @AfterEach
    void close() {
        stopPay.close();
    }

    private double count(final String name, final String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void shouldCountDecisionsByActionAndHitsByRule() {
        // Given a listed payee
        stopPay.list(listed(SubjectType.ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build());

        // When one ordinary payment and one to the listed payee are decided
        stopPay.pay(payment("T1", PAYER, "6217000099998888777", 12_000).build())
                .pay(payment("T2", PAYER, PAYEE, 300_000).build());

        // Then each action and each rule that hit is counted once
        final RiskDecision stopped = stopPay.decisions().get(1).value;
        assertThat(count("stoppay.decisions", "action", "PASS")).isEqualTo(1);
        assertThat(count("stoppay.decisions", "action", stopped.getAction().name())).isEqualTo(1);
        assertThat(stopped.getHits()).isNotEmpty();
        stopped.getHits().forEach(hit -> assertThat(count("stoppay.rule.hits", "rule", hit.getRuleId())).isEqualTo(1));
    }

    @Test
    void shouldCountStopPaymentsAndPoliceWarningsByRegion() {
        stopPay.list(listed(SubjectType.ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build());

        stopPay.pay(payment("T1", PAYER, PAYEE, 300_000).build());

        assertThat(count("stoppay.stop.payments", "region", "320623")).isEqualTo(1);
        assertThat(stopPay.warnings()).isNotEmpty()
                .allSatisfy(kv -> assertThat(count("stoppay.police.warnings", "region", kv.key, "kind",
                        kv.value.getKind().name())).isGreaterThanOrEqualTo(1));
    }

    @Test
    void shouldTimeEachDecisionFromEventTimeAndFromInputAppend() {
        // Given a payment initiated two minutes before the decision (the driver's clock) and appended one minute after that
        final Instant initiated = Payments.T0.minusSeconds(120);
        final Instant appended = Payments.T0.minusSeconds(60);

        // When it is decided
        stopPay.pay(PAYER, payment("T1", PAYER, PAYEE, 12_000).setEventTime(initiated).build(), appended);
        final RiskDecision decision = stopPay.onlyDecision();

        // Then each timer holds it once, measured from its own start
        final Timer fromEvent = registry.get("stoppay.decision.event.age").timer();
        final Timer fromAppend = registry.get("stoppay.decision.latency").timer();
        assertThat(decision.getDecidedAt()).isEqualTo(Payments.T0);
        assertThat(fromEvent.count()).isEqualTo(1);
        assertThat(fromAppend.count()).isEqualTo(1);
        assertThat(fromEvent.totalTime(TimeUnit.SECONDS)).isEqualTo(120);
        assertThat(fromAppend.totalTime(TimeUnit.SECONDS)).isEqualTo(60);
    }

    @Test
    void shouldCountDeadLettersByReason() {
        stopPay.pay(PAYER, payment("T1", PAYER, PAYEE, -5).build(), Payments.T0);

        assertThat(stopPay.deadLetters()).hasSize(1);
        assertThat(count("stoppay.dead.letters", "reason", "INVALID_AMOUNT")).isEqualTo(1);
    }

    @Test
    void shouldShowExactlyTheRulesetVersionInForce() {
        // Given the built-in ruleset decided a payment
        stopPay.pay(payment("T1", PAYER, PAYEE, 12_000).build());
        assertThat(registry.find("stoppay.ruleset.info").gauges()).singleElement()
                .satisfies(gauge -> assertThat(gauge.getId().getTag("version")).isEqualTo("builtin-4"));

        // When a new version is published and the next payment is decided
        final RuleSet next = BuiltInRuleSet.ruleSet();
        next.setVersion("2026-11-23.1");
        next.setPublishedAt(Instant.now());
        stopPay.ruleset(next);
        stopPay.pay(payment("T2", PAYER, PAYEE, 12_000).setEventTime(Payments.T0.plusSeconds(1)).build());

        // Then only the new version shows
        assertThat(registry.find("stoppay.ruleset.info").gauges()).singleElement()
                .satisfies(gauge -> {
                    assertThat(gauge.getId().getTag("version")).isEqualTo("2026-11-23.1");
                    assertThat(gauge.value()).isEqualTo(1);
                });
    }
}
