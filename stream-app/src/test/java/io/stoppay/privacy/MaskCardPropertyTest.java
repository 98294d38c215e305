package io.stoppay.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A property of card masking, checked over many random 16-19 digit card numbers from a fixed seed. */
class MaskCardPropertyTest {

    private static final long SEED = 20260917L;
    private static final int SAMPLES = 5_000;
    private static final int LONGEST_RUN_SHOWN = 4;

    @Test
    void shouldNeverRevealTheMiddleDigitsOfARandomCardNumber() {
        // Given
        final Random random = new Random(SEED);

        for (int i = 0; i < SAMPLES; i++) {
            final String card = randomDigits(random, 16 + random.nextInt(4));
            final String middle = card.substring(4, card.length() - 4);

            // When
            final String masked = Mask.cardOrAccount(card);

            // Then: neither the middle run nor any 5 consecutive digits of the card appear
            assertThat(masked).as("mask of %s (seed %d, sample %d)", card, SEED, i).doesNotContain(middle);
            for (int start = 0; start + LONGEST_RUN_SHOWN < card.length(); start++) {
                assertThat(masked)
                        .as("mask of %s (seed %d, sample %d)", card, SEED, i)
                        .doesNotContain(card.substring(start, start + LONGEST_RUN_SHOWN + 1));
            }
            assertThat(masked.chars().filter(Character::isDigit).count())
                    .as("digits shown of %s", card).isEqualTo(8);
        }
    }

    @Test
    void shouldAlwaysLetAHumanRecogniseARandomCardByItsFirstAndLastFourDigits() {
        // Given
        final Random random = new Random(SEED + 1);

        for (int i = 0; i < SAMPLES; i++) {
            final String card = randomDigits(random, 16 + random.nextInt(4));

            // When
            final String masked = Mask.cardOrAccount(card);

            // Then
            assertThat(masked).as("mask of %s", card)
                    .startsWith(card.substring(0, 4))
                    .endsWith(card.substring(card.length() - 4));
        }
    }

    private static String randomDigits(final Random random, final int length) {
        final StringBuilder digits = new StringBuilder(length);
        digits.append((char) ('1' + random.nextInt(9)));
        while (digits.length() < length) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }
}
