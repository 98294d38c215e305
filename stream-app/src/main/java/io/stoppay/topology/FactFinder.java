package io.stoppay.topology;

import io.stoppay.rules.SubjectCheck;
import io.stoppay.identifier.UnreadableIdentifierException;
import io.stoppay.restriction.SubjectKey;
import io.stoppay.state.GlobalStoreKeys;
import io.stoppay.state.RecentValues;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import stoppay.v1.AccountProfile;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.SubjectType;
import stoppay.v1.SubjectUsage;

/**
 * Looks up what the global stores know about a payment: both account profiles, and the
 * restrictions and usage of every identifier either side carries. Global stores are readable from any
 * task, which is why no repartition is needed to learn about the other side.
 */
final class FactFinder {

    private final KeyValueStore<String, ValueAndTimestamp<RestrictionStatus>> restrictions;
    private final KeyValueStore<String, ValueAndTimestamp<AccountProfile>> accounts;
    private final KeyValueStore<String, ValueAndTimestamp<SubjectUsage>> usage;
    private final GlobalStoreKeys restricted;
    private final GlobalStoreKeys shared;
    private final RecentValues<AccountProfile> recentProfiles;
    private final Function<String, AccountProfile> storedProfile;
    private final Consumer<SubjectType> unreadable;

    /**
     * @param unreadable told the type of each identifier without a canonical form that is looked
     *                   up as written
     */
    FactFinder(final ProcessingContext context, final DecisionSettings settings, final Consumer<SubjectType> unreadable) {
        this.unreadable = unreadable;
        this.restricted = settings.restrictedKeys();
        this.shared = settings.sharedKeys();
        this.restrictions = context.getStateStore(InterceptionTopology.RESTRICTED_SUBJECTS);
        this.accounts = context.getStateStore(InterceptionTopology.ACCOUNT_PROFILES);
        this.recentProfiles = settings.recentProfiles();
        this.storedProfile = accountId -> ValueAndTimestamp.getValueOrNull(accounts.get(accountId));
        this.usage = context.getStateStore(InterceptionTopology.SUBJECT_USAGE);
    }

    /** The account's profile, null when the bank published none: read recently, or from the store. */
    AccountProfile profile(final String accountId) {
        return recentProfiles.get(accountId, storedProfile);
    }

    /** The payer's account, card, phone and ID, and the device and IP the payment came from. */
    List<SubjectCheck> payerSubjects(final PaymentTransaction txn) {
        final List<SubjectCheck> checks = partySubjects("payer", txn.getPayer());
        addIfPresent(checks, "payer device", SubjectType.DEVICE, txn.getDeviceId());
        addIfPresent(checks, "payer IP", SubjectType.IP, txn.getIpAddress());
        return checks;
    }

    List<SubjectCheck> payeeSubjects(final PaymentTransaction txn) {
        return partySubjects("payee", txn.getPayee());
    }

    /**
     * Only the payer's and payee's accounts and cards: all the payee stage needs of the restrictions
     * (the police's fraud-account warning), since every rule that reads the others runs in the
     * payer stage. Four lookups where {@link #payerSubjects} and {@link #payeeSubjects} make up to 13.
     */
    List<SubjectCheck> accountsAndCards(final String side, final Party party) {
        final List<SubjectCheck> checks = new ArrayList<>(2);
        addIfPresent(checks, side + " account", SubjectType.ACCOUNT, party.getAccountId());
        addIfPresent(checks, side + " card", SubjectType.CARD, party.getCardNumber());
        return checks;
    }

    private List<SubjectCheck> partySubjects(final String side, final Party party) {
        final List<SubjectCheck> checks = new ArrayList<>(6);
        addIfPresent(checks, side + " account", SubjectType.ACCOUNT, party.getAccountId());
        addIfPresent(checks, side + " card", SubjectType.CARD, party.getCardNumber());
        addIfPresent(checks, side + " phone", SubjectType.PHONE, party.getPhone());
        addIfPresent(checks, side + " ID", SubjectType.ID_NUMBER, party.getIdNumberHash());
        return checks;
    }

    private void addIfPresent(final List<SubjectCheck> checks, final String role, final SubjectType type,
                              final String id) {
        if (id != null && !id.isBlank()) {
            final String key = lookupKey(type, id);
            // Most identifiers are on no list and shared by no one: their filters spare those lookups.
            final RestrictionStatus status = restricted.mayHold(key)
                    ? ValueAndTimestamp.getValueOrNull(restrictions.get(key)) : null;
            final SubjectUsage used = usesAccounts(type) && shared.mayHold(key)
                    ? ValueAndTimestamp.getValueOrNull(usage.get(key)) : null;
            checks.add(new SubjectCheck(role, type, id, status == null ? List.of() : status.getRestrictions(),
                    used == null ? 0 : used.getAccounts(), status != null && status.getHub()));
        }
    }

    /**
     * The canonical form, so that a phone written {@code +86 139 …} finds a listing of {@code 139…};
     * an identifier without one is still looked up as written and the payment still decided.
     */
    private String lookupKey(final SubjectType type, final String id) {
        try {
            return SubjectKey.of(type, id).toString();
        } catch (final UnreadableIdentifierException e) {
            unreadable.accept(type);
            return SubjectKey.forLookup(type, id).toString();
        }
    }

    /** Only holders, devices and IPs have usage published; other lookups would always miss. */
    private static boolean usesAccounts(final SubjectType type) {
        return type == SubjectType.ID_NUMBER || type == SubjectType.DEVICE || type == SubjectType.IP;
    }
}
