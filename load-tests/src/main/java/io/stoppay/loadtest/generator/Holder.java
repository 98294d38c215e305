package io.stoppay.loadtest.generator;

import stoppay.v1.AccountClass;
import stoppay.v1.Party;

/**
 * One account and the identifiers that come with it, computed from the population's seed and
 * the account's index whenever it is needed (never stored). An {@link Population.Role#OUTSIDER}
 * is an account of another bank or one bought for the occasion: it has an account id only, and
 * no published profile.
 *
 * @param index        the account's index in the population; -1 for an outsider
 * @param birthYear    the holder's birth year; null for a company, a merchant or an outsider
 * @param accountClass null for an outsider
 */
public record Holder(int index, Population.Role role, String accountId, String cardNumber, String phone,
                     String idNumberHash, String name, String regionCode, AccountClass accountClass,
                     Integer birthYear, String deviceId, String ipAddress) {

    private static final String BANK_CODE = "102";

    /**
     * The party as a payment names it: every identifier the holder has, the card and phone in
     * the form this holder's bank writes them ({@link WrittenForms}, by index; linkages use
     * another).
     */
    public Party party() {
        return Party.newBuilder()
                .setAccountId(accountId)
                .setCardNumber(cardNumber == null ? null : WrittenForms.card(cardNumber, index))
                .setPhone(phone == null ? null : WrittenForms.phone(phone, index))
                .setIdNumberHash(idNumberHash)
                .setBankCode(role == Population.Role.OUTSIDER ? null : BANK_CODE)
                .setName(name)
                .build();
    }
}
