package io.stoppay.console;

import io.stoppay.privacy.Mask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import stoppay.internal.v1.IssuedNotice;
import stoppay.internal.v1.OutcomeLoopEntry;
import stoppay.v1.StopPaymentOutcome;
import stoppay.v1.WarningOutcome;

/**
 * One stop-payment alert or police warning as the console shows it, from the outcome loop's entry:
 * accounts masked as the police feed masks them ({@link Mask#cardOrAccount}), and the outcomes it has
 * had. Notes are never shown.
 *
 * @param id          the alertId or warningId
 * @param kind        {@code STOP_PAYMENT_ALERT} or {@code POLICE_WARNING}
 * @param warningKind a warning's kind ({@code POTENTIAL_VICTIM}…); null for an alert
 * @param region      a warning's region; an alert's payer region (6 digits)
 * @param bank        an alert's payer bank code, the bank that acts on it; null for a warning, or
 *                    when the payment named no bank
 * @param issuedAt    ISO-8601 instant
 * @param ageSeconds  seconds from {@code issuedAt} to when this answer was made
 * @param action      the decision's action ({@code HOLD}, {@code STOP_PAYMENT}…)
 * @param payer       the payer's account, masked
 * @param payee       the payee's account, masked
 * @param amountMinor the amount in minor units (fen for CNY)
 * @param rules       every rule that fired on the payment
 * @param outcomes    what the bank or centre reported, in the order received
 * @param overdue     unanswered past its overdue time
 */
public record NoticeView(String id, String kind, String warningKind, String region, String bank, String txnId,
                         String issuedAt,
                         long ageSeconds, String action, String payer, String payee, long amountMinor, String currency,
                         List<String> rules, List<OutcomeView> outcomes, boolean overdue) {

    /** Newest first; the id breaks ties so that merged lists are in one order. */
    static final Comparator<NoticeView> NEWEST_FIRST = Comparator
            .comparing((NoticeView view) -> Instant.parse(view.issuedAt())).reversed()
            .thenComparing(NoticeView::id);

    /**
     * One outcome.
     *
     * @param outcome a {@code StopPaymentOutcomeKind} or {@code WarningOutcomeKind}
     * @param actedAt ISO-8601 instant
     * @param by      the bank operator's or officer's id
     */
    public record OutcomeView(String outcome, String actedAt, String by) {
    }

    /** {@code entry} must have its notice. */
    static NoticeView of(final OutcomeLoopEntry entry, final Instant now) {
        final IssuedNotice notice = entry.getIssued();
        final List<OutcomeView> outcomes = new ArrayList<>();
        for (final StopPaymentOutcome outcome : entry.getAlertOutcomes()) {
            outcomes.add(new OutcomeView(outcome.getOutcome().name(), outcome.getActedAt().toString(),
                    outcome.getOperator()));
        }
        for (final WarningOutcome outcome : entry.getWarningOutcomes()) {
            outcomes.add(new OutcomeView(outcome.getOutcome().name(), outcome.getActedAt().toString(),
                    outcome.getOfficer()));
        }
        return new NoticeView(notice.getNoticeId(), notice.getKind().name(),
                notice.getWarningKind() == null ? null : notice.getWarningKind().name(), notice.getRegionCode(),
                notice.getPayerBankCode(), notice.getTxnId(), notice.getIssuedAt().toString(),
                Math.max(0, Duration.between(notice.getIssuedAt(), now).toSeconds()), notice.getAction().name(),
                Mask.cardOrAccount(notice.getPayerAccountId()), Mask.cardOrAccount(notice.getPayeeAccountId()),
                notice.getAmountMinor(), notice.getCurrency(), List.copyOf(notice.getRuleIds()), outcomes,
                entry.getOverdue());
    }
}
