package io.stoppay.system;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/**
 * Looks for the personal data of the payments sent (card numbers, phone numbers, ID-number
 * hashes, people's names) in text that must never carry them unmasked: logs, metrics, the
 * police feed. Names of merchants and employers are not personal data and are not looked for.
 */
final class PiiScan {

    private static final int LONGEST_PERSONAL_NAME = 4;

    private final Set<String> personalData = new TreeSet<>();

    PiiScan(final Collection<PaymentTransaction> payments) {
        for (final PaymentTransaction payment : payments) {
            Stream.of(payment.getPayer(), payment.getPayee()).forEach(this::collect);
        }
    }

    private void collect(final Party party) {
        Stream.of(party.getCardNumber(), party.getPhone(), party.getIdNumberHash())
                .filter(value -> value != null && !value.isBlank())
                .forEach(personalData::add);
        if (party.getName() != null && party.getName().length() <= LONGEST_PERSONAL_NAME) {
            personalData.add(party.getName());
        }
    }

    int size() {
        return personalData.size();
    }

    /** For each named text, the personal data found in it (masked, so the failure message is safe). */
    List<String> findIn(final Map<String, String> textsByName) {
        final List<String> found = new ArrayList<>();
        textsByName.forEach((name, text) -> personalData.stream().filter(text::contains)
                .forEach(value -> found.add(name + " contains " + masked(value))));
        return found;
    }

    private static String masked(final String value) {
        return value.length() <= 4 ? value.charAt(0) + "***" : value.substring(0, 2) + "***" + value.substring(value.length() - 2);
    }
}
