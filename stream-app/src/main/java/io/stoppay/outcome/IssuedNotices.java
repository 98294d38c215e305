package io.stoppay.outcome;

import io.stoppay.topology.Interception;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import stoppay.internal.v1.IssuedNotice;
import stoppay.internal.v1.NoticeKind;
import stoppay.internal.v1.OutcomeLoopInput;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;
import stoppay.v1.StopPaymentAlert;

/**
 * What one decision issued that an outcome can answer: its stop-payment alert and each police
 * warning, keyed as the outcome loop keys them ({@code ALERT:<alertId>}, {@code WARNING:<warningId>}),
 * each with every rule that fired on the payment and the payee account unmasked (they stay in
 * StopPay's internal topics and stores).
 */
public final class IssuedNotices {

    static final String ALERT_PREFIX = "ALERT:";
    static final String WARNING_PREFIX = "WARNING:";

    private IssuedNotices() {
    }

    /** The outcome loop's key of an alert: alert and warning ids stay apart even if a feeder sends one for the other. */
    public static String alertKey(final String alertId) {
        return ALERT_PREFIX + alertId;
    }

    /** The outcome loop's key of a warning. */
    public static String warningKey(final String warningId) {
        return WARNING_PREFIX + warningId;
    }

    /** The alert and the warnings of {@code interception}, keyed for the outcome loop; empty for most payments. */
    public static List<KeyValue<String, OutcomeLoopInput>> of(final Interception interception) {
        if (interception.alert().isEmpty() && interception.warnings().isEmpty()) {
            return List.of();
        }
        final RiskDecision decision = interception.decision();
        final List<String> ruleIds = decision.getHits().stream().map(RuleHit::getRuleId).distinct().toList();
        final List<KeyValue<String, OutcomeLoopInput>> notices = new ArrayList<>(1 + interception.warnings().size());
        interception.alert().ifPresent(alert -> notices.add(KeyValue.pair(alertKey(alert.getAlertId()),
                issued(alertNotice(alert, interception, ruleIds)))));
        for (final PoliceWarning warning : interception.warnings()) {
            notices.add(KeyValue.pair(warningKey(warning.getWarningId()),
                    issued(warningNotice(warning, decision, ruleIds))));
        }
        return notices;
    }

    private static IssuedNotice alertNotice(final StopPaymentAlert alert, final Interception interception,
                                            final List<String> ruleIds) {
        return IssuedNotice.newBuilder().setKind(NoticeKind.STOP_PAYMENT_ALERT).setNoticeId(alert.getAlertId())
                .setTxnId(alert.getTxnId()).setIssuedAt(alert.getIssuedAt()).setAction(alert.getAction())
                .setWarningKind(null).setRegionCode(interception.payerRegion())
                .setPayerBankCode(interception.payerBank()).setPayerAccountId(alert.getPayerAccountId())
                .setPayeeAccountId(alert.getPayeeAccountId()).setAmountMinor(alert.getAmountMinor())
                .setCurrency(alert.getCurrency()).setRuleIds(ruleIds).build();
    }

    private static IssuedNotice warningNotice(final PoliceWarning warning, final RiskDecision decision,
                                              final List<String> ruleIds) {
        return IssuedNotice.newBuilder().setKind(NoticeKind.POLICE_WARNING).setNoticeId(warning.getWarningId())
                .setTxnId(warning.getTxnId()).setIssuedAt(warning.getIssuedAt()).setAction(decision.getAction())
                .setWarningKind(warning.getKind()).setRegionCode(warning.getRegionCode())
                .setPayerAccountId(decision.getPayerAccountId()).setPayeeAccountId(decision.getPayeeAccountId())
                .setAmountMinor(decision.getAmountMinor()).setCurrency(decision.getCurrency())
                .setRuleIds(ruleIds).build();
    }

    private static OutcomeLoopInput issued(final IssuedNotice notice) {
        return OutcomeLoopInput.newBuilder().setIssued(notice).build();
    }
}
