package io.stoppay.validation;

import io.stoppay.identifier.CanonicalIdentifiers;
import java.time.Duration;
import java.time.Instant;
import stoppay.v1.AccountProfile;

/**
 * A profile must be keyed by its accountId and hold possible values: a positive own limit, a
 * birth year after 1900, an opening date not after the profile was published (a day's leeway). A tombstone (the account is gone) needs only a key.
 */
public final class AccountProfileCheck implements RecordCheck<AccountProfile> {

    private static final int EARLIEST_BIRTH_YEAR = 1900;
    private static final Duration OPENED_AT_LEEWAY = Duration.ofDays(1);

    @Override
    public void check(final String key, final AccountProfile profile, final long timestamp) {
        if (PaymentCheck.isBlank(key)) {
            throw new InvalidRecordException("INVALID_KEY", "account profile has no key");
        }
        if (profile == null) {
            return;
        }
        if (!CanonicalIdentifiers.accountId(key).equals(CanonicalIdentifiers.accountId(profile.getAccountId()))) {
            throw new InvalidRecordException("KEY_MISMATCH", "account profile is not keyed by its accountId");
        }
        if (profile.getDailyNonCounterLimitMinor() != null && profile.getDailyNonCounterLimitMinor() <= 0) {
            throw new InvalidRecordException("INVALID_LIMIT",
                    "account profile has dailyNonCounterLimitMinor " + profile.getDailyNonCounterLimitMinor());
        }
        if (profile.getHolderBirthYear() != null && profile.getHolderBirthYear() < EARLIEST_BIRTH_YEAR) {
            throw new InvalidRecordException("INVALID_BIRTH_YEAR",
                    "account profile has holderBirthYear " + profile.getHolderBirthYear());
        }
        // Age rules read openedAt; one after the profile was published (a day's leeway for a
        // business date in another zone) is a feeder's error, and would read as a new account.
        if (profile.getOpenedAt().toEpochMilli() > timestamp + OPENED_AT_LEEWAY.toMillis()) {
            throw new InvalidRecordException("INVALID_OPENED_AT", "account profile has openedAt "
                    + profile.getOpenedAt() + ", after it was published at " + Instant.ofEpochMilli(timestamp));
        }
    }
}
