package io.stoppay.loadtest;

import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/**
 * Ordinary payments between random accounts of a fixed pool: valid, small (CNY 1–200, below every
 * amount threshold), one device and IP per payer, and each payer paying one of a few regular
 * payees (spread pseudo-randomly over the pool), so that few rules fire and the path measured is
 * the common one. With any payee at all, a payer's third payment is to its third new payee and
 * REPEATED_NEW_PAYEES holds about a third of them. Not thread-safe.
 */
final class PaymentSource {

    private final int accounts;
    private final int payeesPerPayer;
    private final SplittableRandom random;

    /** @param payeesPerPayer how many regular payees each payer has; 0 for any account */
    PaymentSource(final int accounts, final int payeesPerPayer, final long seed) {
        this.accounts = accounts;
        this.payeesPerPayer = payeesPerPayer;
        this.random = new SplittableRandom(seed);
    }

    static String accountId(final int index) {
        return String.format(Locale.ROOT, "6222%015d", 50_000_000_000L + index);
    }

    PaymentTransaction next(final String txnId) {
        final int payer = random.nextInt(accounts);
        final int payee = payeesPerPayer == 0 ? anyOther(payer) : regularPayee(payer, random.nextInt(payeesPerPayer));
        return PaymentTransaction.newBuilder()
                .setTxnId(txnId)
                .setEventTime(Instant.now())
                .setChannel(Channel.MOBILE_BANKING)
                .setPayer(party(payer))
                .setPayee(party(payee))
                .setAmountMinor(100 + random.nextInt(19_901))
                .setCurrency("CNY")
                .setDeviceId(String.format(Locale.ROOT, "DEV-%06d", payer))
                .setIpAddress(String.format(Locale.ROOT, "10.%d.%d.%d", payer >> 16 & 0xff, payer >> 8 & 0xff,
                        payer & 0xff))
                .setRegionCode("310101")
                .setCrossBorder(false)
                .build();
    }

    private int anyOther(final int payer) {
        final int payee = random.nextInt(accounts - 1);
        return payee >= payer ? payee + 1 : payee;
    }

    /** The payer's {@code k}-th regular payee: fixed per payer, spread over the pool, never the payer. */
    private int regularPayee(final int payer, final int k) {
        long z = payer * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        final int payee = (int) Math.floorMod(z, (long) accounts - 1);
        return payee >= payer ? payee + 1 : payee;
    }

    private static Party party(final int index) {
        return Party.newBuilder()
                .setAccountId(accountId(index))
                .setPhone(String.format(Locale.ROOT, "138%08d", index))
                .setBankCode("102")
                .build();
    }
}
