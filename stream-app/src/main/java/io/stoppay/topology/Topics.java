package io.stoppay.topology;

import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import stoppay.v1.AccountProfile;
import stoppay.v1.DeadLetter;
import stoppay.v1.Linkage;
import stoppay.v1.ListAudit;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RegionDailyStatistics;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskDecision;
import stoppay.v1.RiskListEntry;
import stoppay.v1.RuleSet;
import stoppay.v1.StopPaymentAlert;
import stoppay.v1.StopPaymentOutcome;
import stoppay.v1.SubjectReadAudit;
import stoppay.v1.SubjectUsage;
import stoppay.v1.WarningOutcome;

/**
 * Every topic StopPay reads or writes, with its serdes; names come from configuration.
 */
public record Topics(
        Topic<String, PaymentTransaction> payments,
        Topic<String, PaymentTransaction> paymentHistory,
        Topic<String, RiskListEntry> lists,
        Topic<String, Linkage> linkages,
        Topic<String, AccountProfile> accounts,
        Topic<String, AccountProfile> acceptedAccounts,
        Topic<String, RestrictionStatus> restrictions,
        Topic<String, SubjectUsage> subjectUsage,
        Topic<String, RuleSet> rules,
        Topic<String, RuleSet> acceptedRules,
        Topic<String, RiskDecision> decisions,
        Topic<String, StopPaymentAlert> stopPayments,
        Topic<String, PoliceWarning> policeWarnings,
        Topic<byte[], DeadLetter> deadLetters,
        Topic<String, ListAudit> listAudit,
        Topic<String, StopPaymentOutcome> stopPaymentOutcomes,
        Topic<String, WarningOutcome> warningOutcomes,
        Topic<String, RegionDailyStatistics> statistics,
        Topic<String, SubjectReadAudit> subjectReadAudit) {

    public static Topics from(final StopPayConfig config) {
        return new Topics(
                topic(config.string(StopPayConfig.TOPIC_PAYMENTS), PaymentTransaction.class),
                topic(config.string(StopPayConfig.TOPIC_PAYMENT_HISTORY), PaymentTransaction.class),
                topic(config.string(StopPayConfig.TOPIC_LISTS), RiskListEntry.class),
                topic(config.string(StopPayConfig.TOPIC_LINKAGES), Linkage.class),
                topic(config.string(StopPayConfig.TOPIC_ACCOUNTS), AccountProfile.class),
                topic(config.string(StopPayConfig.TOPIC_ACCEPTED_ACCOUNTS), AccountProfile.class),
                topic(config.string(StopPayConfig.TOPIC_RESTRICTIONS), RestrictionStatus.class),
                topic(config.string(StopPayConfig.TOPIC_SUBJECT_USAGE), SubjectUsage.class),
                topic(config.string(StopPayConfig.TOPIC_RULES), RuleSet.class),
                topic(config.string(StopPayConfig.TOPIC_ACCEPTED_RULES), RuleSet.class),
                topic(config.string(StopPayConfig.TOPIC_DECISIONS), RiskDecision.class),
                topic(config.string(StopPayConfig.TOPIC_STOP_PAYMENTS), StopPaymentAlert.class),
                topic(config.string(StopPayConfig.TOPIC_POLICE_WARNINGS), PoliceWarning.class),
                new Topic<>(config.string(StopPayConfig.TOPIC_DEAD_LETTERS), Serdes.ByteArray(),
                        AvroSerde.of(DeadLetter.class)),
                topic(config.string(StopPayConfig.TOPIC_LIST_AUDIT), ListAudit.class),
                topic(config.string(StopPayConfig.TOPIC_STOP_PAYMENT_OUTCOMES), StopPaymentOutcome.class),
                topic(config.string(StopPayConfig.TOPIC_WARNING_OUTCOMES), WarningOutcome.class),
                topic(config.string(StopPayConfig.TOPIC_STATISTICS), RegionDailyStatistics.class),
                topic(config.string(StopPayConfig.TOPIC_SUBJECT_READ_AUDIT), SubjectReadAudit.class));
    }

    /** The topics that are compacted tables (latest value per key) rather than event streams. */
    public List<String> compacted() {
        return List.of(lists.name(), linkages.name(), accounts.name(), acceptedAccounts.name(), restrictions.name(),
                subjectUsage.name(), rules.name(), acceptedRules.name(), statistics.name());
    }

    /** The topics read into global stores, which every decision looks its payer and payee up in. */
    public List<String> global() {
        return List.of(acceptedAccounts.name(), acceptedRules.name(), restrictions.name(), subjectUsage.name());
    }

    /**
     * Every topic, inputs first (the outcomes of alerts and warnings among them); then outputs, the audit
     * trail of list changes (written by the admin API, the CLI and confirmed-fraud outcomes), the
     * statistics per region and day, and last the audit of subject reads.
     */
    public List<String> all() {
        return List.of(payments.name(), paymentHistory.name(), lists.name(), linkages.name(), accounts.name(), acceptedAccounts.name(),
                stopPaymentOutcomes.name(), warningOutcomes.name(),
                restrictions.name(), subjectUsage.name(), rules.name(), acceptedRules.name(),
                decisions.name(), stopPayments.name(), policeWarnings.name(), deadLetters.name(), listAudit.name(),
                statistics.name(), subjectReadAudit.name());
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> Topic<String, V> topic(
            final String name, final Class<V> type) {
        return new Topic<>(name, Serdes.String(), AvroSerde.of(type));
    }
}
