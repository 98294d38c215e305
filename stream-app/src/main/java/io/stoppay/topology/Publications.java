package io.stoppay.topology;

import io.stoppay.identifier.BankCode;
import io.stoppay.privacy.Mask;
import io.stoppay.rules.PaymentFacts;
import io.stoppay.rules.SubjectCheck;
import io.stoppay.rules.Verdict;
import io.stoppay.rules.WarningRules;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import stoppay.v1.AccountProfile;
import stoppay.v1.ListType;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.PoliceWarning;
import stoppay.v1.Restriction;
import stoppay.v1.RiskDecision;
import stoppay.v1.StopPaymentAlert;
import stoppay.v1.SubjectType;
import stoppay.v1.WarningKind;

/**
 * Turns a verdict into what the bank and the police receive. Alert and warning ids are
 * name-based UUIDs of the txnId, so a consumer that sees one twice (or a replay) can dedupe.
 *
 * <p>Police warnings: POTENTIAL_VICTIM when a rule saw a likely victim (protected, elderly, or
 * paying one new payee after another) and the money is kept (HOLD or STOP_PAYMENT); FRAUD_ACCOUNT_ACTIVITY when a listed account or card (not
 * merely linked, not VICTIM_WATCH) moves money, routed to the listed account's region; and
 * MULE_SUSPECT when an account looks like a collection or relay account, routed to its region,
 * for list review. Identifiers in warnings are masked.
 */
public final class Publications {

    private static final Pattern DIVISION_CODE = Pattern.compile("\\d{6}");

    private final String unroutedRegion;

    public Publications(final String unroutedRegion) {
        this.unroutedRegion = unroutedRegion;
    }

    public Interception of(final PaymentFacts facts, final Verdict verdict, final long decidedAt) {
        final PaymentTransaction txn = facts.txn();
        final Instant now = Instant.ofEpochMilli(decidedAt);
        final RiskDecision decision = RiskDecision.newBuilder()
                .setTxnId(txn.getTxnId())
                .setAction(verdict.action())
                .setScore(verdict.score())
                .setHits(verdict.hits())
                .setRulesetVersion(verdict.rulesetVersion())
                .setEventTime(txn.getEventTime())
                .setDecidedAt(now)
                .setPayerAccountId(txn.getPayer().getAccountId())
                .setPayeeAccountId(txn.getPayee().getAccountId())
                .setAmountMinor(txn.getAmountMinor())
                .setCurrency(txn.getCurrency())
                .build();
        final Optional<StopPaymentAlert> alert = verdict.stopsMoney() ? Optional.of(alert(txn, verdict, now))
                : Optional.empty();
        return new Interception(decision, alert, warnings(facts, verdict, now), Optional.empty(),
                routable(payerRegion(facts)), BankCode.of(txn.getPayer().getBankCode()));
    }

    /** The deterministic id of the stop-payment alert of a transaction. */
    public static String alertId(final String txnId) {
        return nameUuid("stop-payment", txnId);
    }

    /** The deterministic id of a police warning of a transaction. */
    public static String warningId(final WarningKind kind, final String txnId) {
        return nameUuid("police-warning:" + kind, txnId);
    }

    private static StopPaymentAlert alert(final PaymentTransaction txn, final Verdict verdict, final Instant now) {
        return StopPaymentAlert.newBuilder()
                .setAlertId(alertId(txn.getTxnId()))
                .setTxnId(txn.getTxnId())
                .setAction(verdict.action())
                .setPayerAccountId(txn.getPayer().getAccountId())
                .setPayeeAccountId(txn.getPayee().getAccountId())
                .setAmountMinor(txn.getAmountMinor())
                .setCurrency(txn.getCurrency())
                .setReasons(evidence(verdict))
                .setIssuedAt(now)
                .setRulesetVersion(verdict.rulesetVersion())
                .build();
    }

    private List<PoliceWarning> warnings(final PaymentFacts facts, final Verdict verdict, final Instant now) {
        final List<PoliceWarning> warnings = new ArrayList<>();
        // A step-up is the bank's own call to the payer (a grandparent's gift is verified, not
        // reported): the police are asked to reach a likely victim only when the money is kept.
        if (verdict.stopsMoney() && firedAny(verdict, WarningRules.POTENTIAL_VICTIM)) {
            warnings.add(warning(WarningKind.POTENTIAL_VICTIM, payerRegion(facts), facts, verdict, now));
        }
        if (listedAccountIn(facts.payerSubjects())) {
            warnings.add(warning(WarningKind.FRAUD_ACCOUNT_ACTIVITY, payerRegion(facts), facts, verdict, now));
        } else if (listedAccountIn(facts.payeeSubjects())) {
            warnings.add(warning(WarningKind.FRAUD_ACCOUNT_ACTIVITY, payeeRegion(facts), facts, verdict, now));
        }
        if (firedAny(verdict, WarningRules.MULE_PAYEE)) {
            warnings.add(warning(WarningKind.MULE_SUSPECT, payeeRegion(facts), facts, verdict, now));
        } else if (firedAny(verdict, WarningRules.MULE_PAYER)) {
            warnings.add(warning(WarningKind.MULE_SUSPECT, payerRegion(facts), facts, verdict, now));
        }
        return warnings;
    }

    private static boolean firedAny(final Verdict verdict, final Set<String> ruleIds) {
        for (final String ruleId : ruleIds) {
            if (verdict.fired(ruleId)) {
                return true;
            }
        }
        return false;
    }

    private static String payeeRegion(final PaymentFacts facts) {
        return Optional.ofNullable(facts.payeeProfile()).map(AccountProfile::getRegionCode)
                .orElseGet(() -> payerRegion(facts));
    }

    private PoliceWarning warning(final WarningKind kind, final String region, final PaymentFacts facts,
                                  final Verdict verdict, final Instant now) {
        final PaymentTransaction txn = facts.txn();
        return PoliceWarning.newBuilder()
                .setWarningId(warningId(kind, txn.getTxnId()))
                .setKind(kind)
                .setRegionCode(routable(region))
                .setTxnId(txn.getTxnId())
                .setPayerMasked(masked(txn.getPayer()))
                .setPayeeMasked(masked(txn.getPayee()))
                .setPayerPhoneMasked(txn.getPayer().getPhone() == null ? null : Mask.phone(txn.getPayer().getPhone()))
                .setAmountMinor(txn.getAmountMinor())
                .setCurrency(txn.getCurrency())
                .setEvidence(evidence(verdict))
                .setIssuedAt(now)
                .build();
    }

    /**
     * A region that is not a 6-digit division code cannot be routed to a local centre; it goes to
     * the national one (and keeps the region label of the metrics bounded).
     */
    private String routable(final String region) {
        return region != null && DIVISION_CODE.matcher(region).matches() ? region : unroutedRegion;
    }

    private static String payerRegion(final PaymentFacts facts) {
        if (facts.txn().getRegionCode() != null) {
            return facts.txn().getRegionCode();
        }
        return facts.payer().map(AccountProfile::getRegionCode).orElse(null);
    }

    private static boolean listedAccountIn(final List<SubjectCheck> subjects) {
        // Plain loops: this runs for every payment, and almost never finds anything.
        for (final SubjectCheck subject : subjects) {
            if (subject.type() == SubjectType.ACCOUNT || subject.type() == SubjectType.CARD) {
                for (final Restriction restriction : subject.restrictions()) {
                    if (isDirectFraudListing(restriction)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isDirectFraudListing(final Restriction restriction) {
        return restriction.getHops() == 0 && restriction.getListType() != ListType.VICTIM_WATCH;
    }

    private static String masked(final Party party) {
        return Mask.name(party.getName()) + " " + Mask.cardOrAccount(party.getAccountId());
    }

    private static List<String> evidence(final Verdict verdict) {
        return verdict.hits().stream().map(hit -> hit.getRuleId() + ": " + hit.getEvidence()).toList();
    }

    private static String nameUuid(final String purpose, final String txnId) {
        return UUID.nameUUIDFromBytes((purpose + ':' + txnId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
