package io.stoppay.loadtest.generator;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The share of each scenario among generated payments: weights that need not sum to 1 (they are
 * normalised). Episodic scenarios draw steps, not episodes: a weight is a share of payments.
 * The two mule scenarios share their episodes: each mule episode is its fan-in payments then
 * its forwards, so together their weights set the share of mule payments, and the split between
 * the two labels follows the episode's shape.
 *
 * @param weights a weight ≥ 0 per scenario; a scenario left out has weight 0
 */
public record TrafficMix(Map<Scenario, Double> weights) {

    /** Relative weights of the fraud scenarios when only a total fraud share is given. */
    private static final Map<Scenario, Double> FRAUD_SPLIT = Map.of(
            Scenario.LISTED_PAYEE, 1.0,
            Scenario.LINKED_PAYEE_1_HOP, 1.0,
            Scenario.LINKED_PAYEE_2_HOPS, 1.0,
            Scenario.ELDERLY_LARGE_NEW_PAYEE, 1.0,
            Scenario.MULE_FAN_IN, 2.0,
            Scenario.MULE_PASS_THROUGH, 0.5,
            Scenario.DORMANT_REACTIVATED, 0.5,
            Scenario.CARD_FARMING_DEVICE, 2.0,
            Scenario.SCAM_WALK, 1.0);
    private static final double DEFAULT_FRAUD_SHARE = 0.05;
    /**
     * Relative weights of ordinary traffic's shapes: mostly payees people always pay, and the
     * everyday shapes of FIELD-NOTES that a generator of only those would never show.
     */
    private static final Map<Scenario, Double> EVERYDAY_SPLIT = Map.of(
            Scenario.ORDINARY, 0.80,
            Scenario.SPLIT_BILL, 0.05,
            Scenario.RED_PACKET, 0.05,
            Scenario.FAMILY_AND_RENT, 0.03,
            Scenario.PAYROLL_RUN, 0.04,
            Scenario.GRANDPARENT_GIFT, 0.01,
            Scenario.REFUND, 0.02);

    public TrafficMix {
        final Map<Scenario, Double> copy = new EnumMap<>(Scenario.class);
        double total = 0;
        for (final Map.Entry<Scenario, Double> weight : weights.entrySet()) {
            final double value = weight.getValue();
            if (!Double.isFinite(value) || value < 0) {
                throw new IllegalArgumentException("mix: share of " + weight.getKey().key()
                        + " must be a number >= 0, was " + value);
            }
            copy.put(weight.getKey(), value);
            total += value;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("mix: at least one share must be > 0");
        }
        weights = Collections.unmodifiableMap(copy);
    }

    /** 5 % fraud, split over every fraud scenario; the rest ordinary, over its everyday shapes. */
    public static TrafficMix defaults() {
        return withFraudShare(DEFAULT_FRAUD_SHARE);
    }

    /**
     * The peaks of FIELD-NOTES by name, each with the default fraud share: {@code payday} (month
     * end: payroll runs, then rent and the month's family transfers) and {@code spring-festival}
     * (红包: red packets to family and friends, and grandparents' gifts). The rate of a peak is the
     * benchmark's {@code --rate}; these set what the traffic is made of.
     */
    private static final Map<String, Map<Scenario, Double>> PEAKS = Map.of(
            "payday", Map.of(Scenario.ORDINARY, 0.45, Scenario.PAYROLL_RUN, 0.30, Scenario.FAMILY_AND_RENT, 0.15,
                    Scenario.SPLIT_BILL, 0.05, Scenario.REFUND, 0.05),
            "spring-festival", Map.of(Scenario.ORDINARY, 0.40, Scenario.RED_PACKET, 0.40, Scenario.FAMILY_AND_RENT,
                    0.10, Scenario.GRANDPARENT_GIFT, 0.05, Scenario.SPLIT_BILL, 0.05));

    /**
     * {@code fraudShare} of the payments fraud (0..1), split over every fraud scenario; the rest
     * ordinary, split over its everyday shapes.
     */
    public static TrafficMix withFraudShare(final double fraudShare) {
        if (!(fraudShare >= 0 && fraudShare <= 1)) {
            throw new IllegalArgumentException("fraud share must be within 0..1, was " + fraudShare);
        }
        final Map<Scenario, Double> weights = new EnumMap<>(Scenario.class);
        spread(1 - fraudShare, EVERYDAY_SPLIT, weights);
        spread(fraudShare, FRAUD_SPLIT, weights);
        return new TrafficMix(weights);
    }

    private static void spread(final double share, final Map<Scenario, Double> split, final Map<Scenario, Double> into) {
        final double total = split.values().stream().mapToDouble(Double::doubleValue).sum();
        split.forEach((scenario, weight) -> into.put(scenario, share * weight / total));
    }

    /**
     * Reads {@code "ordinary=0.95,mule_fan_in=0.01,..."}: scenario keys (case-insensitive, '-' for
     * '_' allowed) with their weights; a scenario left out has weight 0. Or the name of a peak,
     * {@code payday} or {@code spring-festival}.
     *
     * @throws IllegalArgumentException with one line naming what is wrong
     */
    public static TrafficMix parse(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("mix: empty; expected e.g. ordinary=0.95,mule_fan_in=0.05");
        }
        final Map<Scenario, Double> peak = PEAKS.get(text.trim().toLowerCase(Locale.ROOT));
        if (peak != null) {
            final Map<Scenario, Double> weights = new EnumMap<>(Scenario.class);
            spread(1 - DEFAULT_FRAUD_SHARE, peak, weights);
            spread(DEFAULT_FRAUD_SHARE, FRAUD_SPLIT, weights);
            return new TrafficMix(weights);
        }
        final Map<Scenario, Double> weights = new EnumMap<>(Scenario.class);
        for (final String part : text.split(",", -1)) {
            final int equals = part.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("mix: '" + part.trim() + "' is not scenario=share (nor a peak: "
                        + String.join(", ", new TreeSet<>(PEAKS.keySet())) + ")");
            }
            final Scenario scenario = scenario(part.substring(0, equals).trim());
            final String share = part.substring(equals + 1).trim();
            final double weight;
            try {
                weight = Double.parseDouble(share);
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("mix: share of " + scenario.key() + " is not a number: '"
                        + share + "'");
            }
            if (weights.put(scenario, weight) != null) {
                throw new IllegalArgumentException("mix: " + scenario.key() + " given twice");
            }
        }
        return new TrafficMix(weights);
    }

    /** The normalised share of {@code scenario}, 0..1. */
    public double share(final Scenario scenario) {
        return weights.getOrDefault(scenario, 0.0) / total();
    }

    /**
     * The scenarios this mix makes payments of, in declaration order: those with a share, and
     * both mule scenarios when either has one (they share their episodes).
     */
    public Set<Scenario> scenarios() {
        final Set<Scenario> made = EnumSet.noneOf(Scenario.class);
        weights.forEach((scenario, weight) -> {
            if (weight > 0) {
                made.add(scenario);
            }
        });
        if (made.contains(Scenario.MULE_FAN_IN) || made.contains(Scenario.MULE_PASS_THROUGH)) {
            made.add(Scenario.MULE_FAN_IN);
            made.add(Scenario.MULE_PASS_THROUGH);
        }
        return Collections.unmodifiableSet(made);
    }

    /** The scenario that {@code uniform} (in [0, 1)) falls on, scenarios taken in declaration order. */
    Scenario draw(final double uniform) {
        final double target = uniform * total();
        double cumulative = 0;
        Scenario last = Scenario.ORDINARY;
        for (final Map.Entry<Scenario, Double> weight : weights.entrySet()) {
            if (weight.getValue() > 0) {
                cumulative += weight.getValue();
                last = weight.getKey();
                if (target < cumulative) {
                    return last;
                }
            }
        }
        // Rounding can leave the target a hair above the sum: the last scenario with a weight owns it.
        return last;
    }

    /** The form {@link #parse} reads, shares normalised. */
    @Override
    public String toString() {
        return weights.keySet().stream().filter(s -> weights.get(s) > 0)
                .map(s -> String.format(Locale.ROOT, "%s=%.4f", s.key(), share(s)))
                .collect(Collectors.joining(","));
    }

    private double total() {
        return weights.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static Scenario scenario(final String key) {
        final String name = key.replace('-', '_').toUpperCase(Locale.ROOT);
        return Arrays.stream(Scenario.values()).filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("mix: unknown scenario '" + key + "'; known: "
                        + Arrays.stream(Scenario.values()).map(Scenario::key).collect(Collectors.joining(", "))));
    }
}
