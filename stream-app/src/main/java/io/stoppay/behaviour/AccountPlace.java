package io.stoppay.behaviour;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import stoppay.internal.v1.Flow;
import stoppay.v1.AccountProfile;

/**
 * Where an account belongs, as StopPay's own data says, for deciding who may read it.
 *
 * @param bank   the {@code bankCode} of the account's own side on its newest remembered payment
 *               (either way) that named one; null when none did
 * @param region its profile's {@code regionCode}, else the {@code regionCode} of its newest
 *               remembered outflow that named one (a payment's region is its payer's); null when
 *               neither says
 */
public record AccountPlace(String bank, String region) {

    /** An account StopPay knows nothing of: never paid within the retention, no profile. */
    public static final AccountPlace UNKNOWN = new AccountPlace(null, null);

    /**
     * {@code activity}: the account's remembered payments (null when it has none); {@code profile}:
     * its profile (null when there is none). Flows remembered before Flow v2 name no bank or
     * region and are passed over.
     */
    public static AccountPlace of(final RecentActivity activity, final AccountProfile profile) {
        final List<Flow> outflows = activity == null ? List.of() : activity.outflowsSince(Instant.EPOCH);
        final List<Flow> inflows = activity == null ? List.of() : activity.inflowsSince(Instant.EPOCH);
        final String profiled = profile == null ? null : profile.getRegionCode();
        return new AccountPlace(newest(Stream.concat(outflows.stream(), inflows.stream()), Flow::getOwnBank),
                profiled != null ? profiled : newest(outflows.stream(), Flow::getRegion));
    }

    private static String newest(final Stream<Flow> flows, final Function<Flow, String> field) {
        return flows.filter(flow -> field.apply(flow) != null)
                .max(Comparator.comparing(Flow::getTime))
                .map(field)
                .orElse(null);
    }
}
