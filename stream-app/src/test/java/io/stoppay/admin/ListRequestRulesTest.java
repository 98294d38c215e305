package io.stoppay.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoppay.restriction.SubjectKey;
import org.junit.jupiter.api.Test;
import stoppay.v1.SubjectType;

class ListRequestRulesTest {

    /** Lists and payments trim an account id; the operators' tools and the query API read it the same way. */
    @Test
    void shouldReadAnAccountIdWithBlanksAroundItAsTheAccount() {
        assertThat(ListRequestRules.checkRelease(SubjectType.ACCOUNT, " 6217000000000200009\u3000", "appeal", "op-li"))
                .isEqualTo(new SubjectKey(SubjectType.ACCOUNT, "6217000000000200009"));
        assertThat(ListRequestRules.requireSubjectId("  ACC-SP  ")).isEqualTo("  ACC-SP  ");
    }

    @Test
    void shouldStillRefuseABlankIdAndOneWithTheKeySeparator() {
        assertThatThrownBy(() -> ListRequestRules.requireSubjectId(" \u00a0 ")).hasMessage("subjectId: required");
        assertThatThrownBy(() -> ListRequestRules.requireSubjectId("dev|1")).hasMessageContaining("must not contain '|'");
    }

    @Test
    void shouldRefuseASourceWithAControlCharacter() {
        assertThatThrownBy(() -> ListRequestRules.requireSource("ba\tnk"))
                .hasMessage("source: must not contain control characters");
        assertThat(ListRequestRules.requireSource(" bank ")).isEqualTo(" bank ");
    }
}
