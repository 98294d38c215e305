package io.stoppay.loadtest.generator;

/**
 * Cheap, deterministic identifiers: fixed-width digits and hex made from a seed and an index,
 * so an account's attributes can be computed whenever they are needed instead of stored.
 */
final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit value for every distinct input. */
    static long mix(final long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A mixed value for {@code index} under {@code seed}, distinct per {@code salt}. */
    static long hash(final long seed, final long index, final long salt) {
        return mix(mix(seed ^ salt * 0xD1B54A32D192ED03L) + index);
    }

    /** A value in {@code [0, bound)} from a mixed hash. */
    static int below(final long hash, final int bound) {
        return (int) Math.floorMod(hash, (long) bound);
    }

    /** {@code prefix} then {@code value} in exactly {@code width} decimal digits, zero-padded. */
    static String digits(final String prefix, final long value, final int width) {
        final String text = Long.toString(value);
        if (value < 0 || text.length() > width) {
            throw new IllegalArgumentException(value + " does not fit " + width + " digits");
        }
        final StringBuilder out = new StringBuilder(prefix.length() + width).append(prefix);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(text).toString();
    }

    /** 32 hex digits (128 bits) from two mixed values: the shape of a hashed ID number. */
    static String hex128(final long high, final long low) {
        final char[] out = new char[32];
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xF];
            out[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xF];
        }
        return new String(out);
    }
}
