package io.stoppay.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoppay.restriction.SubjectKey;
import org.junit.jupiter.api.Test;
import stoppay.v1.SubjectType;

class ListRequestRulesTest {

    /** Lists and payments drop an account id's blanks; the operators' tools and the query API read it the same way. */
    @Test
    void shouldReadAnAccountIdWithBlanksAroundOrInsideItAsTheAccount() {
        assertThat(ListRequestRules.checkRelease(SubjectType.ACCOUNT, " 6217000000000200009\u3000", "appeal", "op-li"))
                .isEqualTo(new SubjectKey(SubjectType.ACCOUNT, "6217000000000200009"));
        assertThat(ListRequestRules.checkRelease(SubjectType.ACCOUNT, "6217 0000 0000\u200B0200009", "appeal", "op-li"))
                .isEqualTo(new SubjectKey(SubjectType.ACCOUNT, "6217000000000200009"));
        assertThat(ListRequestRules.requireSubjectId("  ACC-SP  ")).isEqualTo("  ACC-SP  ");
    }

    @Test
    void shouldStillRefuseABlankId() {
        assertThatThrownBy(() -> ListRequestRules.requireSubjectId(" \u00a0 ")).hasMessage("subjectId: required");
    }

    /** A device id may hold the bar (CONTRACT v1); the key is read with its entry, so the tools take it as it is. */
    @Test
    void shouldTakeAnIdThatHoldsTheKeySeparator() {
        assertThat(ListRequestRules.requireSubjectId("dev|1")).isEqualTo("dev|1");
        assertThat(ListRequestRules.checkRelease(SubjectType.DEVICE, "dev|1", "appeal", "op-li"))
                .isEqualTo(new SubjectKey(SubjectType.DEVICE, "dev|1"));
    }

    @Test
    void shouldRefuseASourceWithAControlCharacter() {
        assertThatThrownBy(() -> ListRequestRules.requireSource("ba\tnk"))
                .hasMessage("source: must not contain control, line-separator or direction-changing characters");
        assertThat(ListRequestRules.requireSource(" bank ")).isEqualTo(" bank ");
    }
}
