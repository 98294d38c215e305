package io.stoppay.access;

import java.util.Set;

/**
 * Who is calling, as the access file names them.
 *
 * @param name    the principal's id (never a person's name): what StopPay records as the officer or
 *                operator of every outcome the principal sets
 * @param roles   at least one
 * @param regions 6-digit region codes the principal may see, each with the regions it covers
 *                ({@link Jurisdiction}: a city's code its districts), or {@value #ALL}; empty for none
 * @param banks   bank codes whose alerts the principal may see, or {@value #ALL}; empty for none
 * @param fullIdentifiers whether answers show card, account and phone numbers whole; masked otherwise
 */
public record Principal(String name, Set<Role> roles, Set<String> regions, Set<String> banks,
                        boolean fullIdentifiers) {

    /** In {@code regions} or {@code banks}: every one. */
    public static final String ALL = "*";

    public Principal {
        roles = Set.copyOf(roles);
        regions = Set.copyOf(regions);
        banks = Set.copyOf(banks);
    }

    /** A principal who sees identifiers masked. */
    public Principal(final String name, final Set<Role> roles, final Set<String> regions, final Set<String> banks) {
        this(name, roles, regions, banks, false);
    }

    public boolean has(final Role role) {
        return roles.contains(role);
    }

    /** An admin sees every region; anyone else the regions listed for it and those they cover. */
    public boolean seesRegion(final String regionCode) {
        return has(Role.ADMIN) || regions.contains(ALL)
                || regions.stream().anyMatch(region -> Jurisdiction.covers(region, regionCode));
    }

    /** An admin sees every bank; anyone else the banks listed for it. */
    public boolean seesBank(final String bankCode) {
        return has(Role.ADMIN) || banks.contains(ALL) || banks.contains(bankCode);
    }
}
