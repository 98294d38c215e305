package io.stoppay.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import stoppay.v1.ListType;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/** A list file is read whole or rejected with one line naming the line and the field. */
class ListFileTest {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    private static final String HEADER = "subjectType,subjectId,listType,riskLevel,source,caseId,reason,expiresAt\n";
    private static final String GOOD_ROW = "CARD,6228000000000000009,MULE_SUSPECT,2,bank-internal,,,\n";

    @TempDir
    private Path dir;

    @Test
    void shouldReadEveryFieldOfEachRowAndListThemNow() {
        // Given
        final String text = HEADER
                + "ACCOUNT,6222020200112233441,FRAUD_ACCOUNT,3,PSB-320600-antifraud-centre,2026-JS-0042,"
                + "\"fraud ring, case 42\",2026-12-31T00:00:00Z\n"
                + GOOD_ROW;

        // When
        final List<RiskListEntry> entries = parse(text);

        // Then
        assertThat(entries).containsExactly(
                RiskListEntry.newBuilder().setSubjectType(SubjectType.ACCOUNT).setSubjectId("6222020200112233441")
                        .setListType(ListType.FRAUD_ACCOUNT).setRiskLevel(3).setSource("PSB-320600-antifraud-centre")
                        .setCaseId("2026-JS-0042").setReason("fraud ring, case 42").setListedAt(NOW)
                        .setExpiresAt(Instant.parse("2026-12-31T00:00:00Z")).build(),
                RiskListEntry.newBuilder().setSubjectType(SubjectType.CARD).setSubjectId("6228000000000000009")
                        .setListType(ListType.MULE_SUSPECT).setRiskLevel(2).setSource("bank-internal")
                        .setCaseId(null).setReason(null).setListedAt(NOW).setExpiresAt(null).build());
    }

    @Test
    void shouldAcceptColumnsInAnyOrderWithoutTheOptionalOnesAndWithAByteOrderMark() throws IOException {
        // Given: a spreadsheet export, with a byte-order mark, spaces around values and a blank line
        final Path file = Files.writeString(dir.resolve("lists.csv"),
                "\uFEFFsource, riskLevel, listType, subjectId, subjectType\n\nunionpay, 1, HIGH_RISK_IP, 10.1.2.3, IP\n",
                StandardCharsets.UTF_8);

        // When
        final List<RiskListEntry> entries = ListFile.read(file, NOW);

        // Then
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.getSubjectType()).isEqualTo(SubjectType.IP);
            assertThat(entry.getSubjectId()).isEqualTo("10.1.2.3");
            assertThat(entry.getListType()).isEqualTo(ListType.HIGH_RISK_IP);
            assertThat(entry.getRiskLevel()).isEqualTo(1);
            assertThat(entry.getSource()).isEqualTo("unionpay");
            assertThat(entry.getExpiresAt()).isNull();
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            unknown subject type   | ACCT,6222000000000000001,FRAUD_ACCOUNT,3,PSB,,,                | line 3: subjectType: unknown value 'ACCT'; allowed: ACCOUNT, CARD, PHONE, ID_NUMBER, DEVICE, IP, MERCHANT
            missing subject id     | ACCOUNT,,FRAUD_ACCOUNT,3,PSB,,,                                 | line 3: subjectId: required
            unknown list type      | ACCOUNT,6222000000000000001,FRAUD,3,PSB,,,                      | line 3: listType: unknown value 'FRAUD'; allowed: FRAUD_ACCOUNT, MULE_SUSPECT, ACCOUNT_TRADER, SUSPICIOUS_PERSON, HIGH_RISK_IP, VICTIM_WATCH
            risk level too high    | ACCOUNT,6222000000000000001,FRAUD_ACCOUNT,7,PSB,,,              | line 3: riskLevel: must be 1..3, was 7
            risk level not a number| ACCOUNT,6222000000000000001,FRAUD_ACCOUNT,high,PSB,,,           | line 3: riskLevel: must be 1..3, was 'high'
            missing risk level     | ACCOUNT,6222000000000000001,FRAUD_ACCOUNT,,PSB,,,               | line 3: riskLevel: required
            missing source         | ACCOUNT,6222000000000000001,FRAUD_ACCOUNT,3,,,,                 | line 3: source: required
            expiry not an instant  | ACCOUNT,6222000000000000001,FRAUD_ACCOUNT,3,PSB,,,2026-12-31    | line 3: expiresAt: not an ISO-8601 instant such as 2026-12-31T00:00:00Z, was '2026-12-31'
            expiry already passed  | ACCOUNT,6222000000000000001,FRAUD_ACCOUNT,3,PSB,,,2025-01-01T00:00:00Z | line 3: expiresAt: must be after listedAt (2026-03-01T08:00:00Z), was 2025-01-01T00:00:00Z
            more cells than columns| ACCOUNT,6222000000000000001,FRAUD_ACCOUNT,3,PSB,,,,extra       | line 3: row: not valid CSV
            """)
    void shouldNameTheLineAndTheFieldOfABadRow(final String problem, final String badRow, final String expected) {
        // Given: a good row on line 2 and the bad one on line 3
        final String text = HEADER + GOOD_ROW + badRow + "\n";

        // When / Then
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(InvalidListRequestException.class)
                .hasMessageStartingWith(expected)
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldCountTheLinesOfAQuotedValueThatSpansSeveral() {
        // Given: a reason over two lines on line 2, so the bad row starts on line 4
        final String text = HEADER
                + "ACCOUNT,6222000000000000001,FRAUD_ACCOUNT,3,PSB,,\"first line\nsecond line\",\n"
                + "ACCOUNT,6222000000000000002,FRAUD_ACCOUNT,0,PSB,,,\n";

        // When / Then
        assertThatThrownBy(() -> parse(text)).hasMessage("line 4: riskLevel: must be 1..3, was 0");
    }

    @Test
    void shouldAcceptOneSubjectListedByTwoSourcesHoweverEachWroteIt() {
        // Given
        final String text = HEADER + "PHONE,+86 139 0000 1111,FRAUD_ACCOUNT,3,bank,,,\n"
                + "PHONE,13900001111,MULE_SUSPECT,2,police,,,\n";

        // When
        final List<RiskListEntry> entries = parse(text);

        // Then
        assertThat(entries).extracting(RiskListEntry::getSource).containsExactly("bank", "police");
    }

    @Test
    void shouldRejectTwoRowsForOneSubjectAndSourceWithoutRepeatingItsNumber() {
        // Given
        final String text = HEADER + GOOD_ROW + "ACCOUNT,6222000000000000001,FRAUD_ACCOUNT,3,PSB,,,\n" + GOOD_ROW;

        // When / Then
        assertThatThrownBy(() -> parse(text))
                .hasMessage("line 4: subjectId: the same subject and source as line 2")
                .hasMessageNotContaining("6228000000000000009");
    }

    @Test
    void shouldNameAMissingRequiredColumn() {
        // Given
        final String text = "subjectType,subjectId,listType,source\nACCOUNT,6222000000000000001,FRAUD_ACCOUNT,PSB\n";

        // When / Then
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(InvalidListRequestException.class)
                .hasMessageStartingWith("line 1: header: missing column riskLevel")
                .extracting(e -> ((InvalidListRequestException) e).field()).isEqualTo("header");
    }

    @Test
    void shouldNameAnUnknownColumnRatherThanIgnoreIt() {
        // Given: a misspelt optional column would otherwise silently drop every expiry
        final String text = "subjectType,subjectId,listType,riskLevel,source,expires_at\n"
                + "ACCOUNT,6222000000000000001,FRAUD_ACCOUNT,3,PSB,2026-12-31T00:00:00Z\n";

        // When / Then
        assertThatThrownBy(() -> parse(text)).hasMessageStartingWith("line 1: header: unknown column 'expires_at'");
    }

    @Test
    void shouldRejectAnEmptyFile() {
        assertThatThrownBy(() -> parse("")).hasMessageStartingWith("file: is empty");
    }

    @Test
    void shouldRejectAFileWithAHeaderButNoRows() {
        assertThatThrownBy(() -> parse(HEADER)).hasMessage("file: has no rows, only the header");
    }

    @Test
    void shouldRejectAFileWithMoreRowsThanTheLimit() {
        // Given: a limit of 2 and three rows
        final String text = HEADER + GOOD_ROW + "ACCOUNT,6222000000000000001,FRAUD_ACCOUNT,3,PSB,,,\n"
                + "ACCOUNT,6222000000000000002,FRAUD_ACCOUNT,3,PSB,,,\n";

        // When / Then
        assertThatThrownBy(() -> ListFile.parse(new StringReader(text), NOW, 2))
                .hasMessage("file: has more than 2 rows; split it into several files");
    }

    @Test
    void shouldNameAFileThatDoesNotExist() {
        // Given
        final Path missing = dir.resolve("missing.csv");

        // When / Then
        assertThatThrownBy(() -> ListFile.read(missing, NOW))
                .isInstanceOf(InvalidListRequestException.class)
                .hasMessage("file: cannot read " + missing + ": no such file");
    }

    private static List<RiskListEntry> parse(final String text) {
        return ListFile.parse(new StringReader(text), NOW);
    }
}
