package io.stoppay.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectScopeTest {

    private static final Principal ADMIN = new Principal("admin", Set.of(Role.ADMIN), Set.of(), Set.of());
    private static final Principal ANALYST_0102 = analyst(Set.of("0102"), false);
    private static final Principal OFFICER_320600 = officer(Set.of("320600"));

    @ParameterizedTest(name = "bank {0}, region {1}: analyst of 0102 {2}, officer of 320600 {3}")
    @CsvSource(nullValues = "-", value = {
            "0102,320623,true,true", "0308,320623,false,true", "0102,310101,true,false",
            "0308,310101,false,false", "-,320623,false,true", "0102,-,true,false", "-,-,false,false"})
    void shouldLetAnAnalystReadItsBanksAccountsAndAnOfficerItsRegions(final String bank, final String region,
                                                                      final boolean analyst, final boolean officer) {
        assertThat(SubjectScope.mayReadAccount(ANALYST_0102, bank, region)).isEqualTo(analyst);
        assertThat(SubjectScope.mayReadAccount(OFFICER_320600, bank, region)).isEqualTo(officer);
        assertThat(SubjectScope.mayReadAccount(ADMIN, bank, region)).isTrue();
    }

    @Test
    void shouldLetEitherScopeSufficeForAPrincipalWithBothRoles() {
        final Principal both = new Principal("both", Set.of(Role.ANALYST, Role.OFFICER), Set.of("320600"),
                Set.of("0102"));

        assertThat(SubjectScope.mayReadAccount(both, "0102", "310101")).isTrue();
        assertThat(SubjectScope.mayReadAccount(both, "0308", "320623")).isTrue();
        assertThat(SubjectScope.mayReadAccount(both, "0308", "310101")).isFalse();
    }

    @Test
    void shouldLetOnlyEveryBankOrEveryRegionReadAnAccountOfUnknownPlace() {
        assertThat(SubjectScope.mayReadAccount(analyst(Set.of(Principal.ALL), false), null, null)).isTrue();
        assertThat(SubjectScope.mayReadAccount(officer(Set.of(Principal.ALL)), null, null)).isTrue();
        // The national centre covers every region StopPay knows, not an account whose region it does not.
        assertThat(SubjectScope.mayReadAccount(officer(Set.of(Jurisdiction.NATIONAL)), null, null)).isFalse();
        assertThat(SubjectScope.mayReadAccount(officer(Set.of(Jurisdiction.NATIONAL)), null, "510104")).isTrue();
    }

    @Test
    void shouldNotLetTheOtherRolesScopeReadAnAccount() {
        final Principal analystWithRegions = new Principal("a", Set.of(Role.ANALYST), Set.of(Principal.ALL), Set.of("0102"));
        final Principal officerWithBanks = new Principal("o", Set.of(Role.OFFICER), Set.of("320600"), Set.of(Principal.ALL));

        assertThat(SubjectScope.mayReadAccount(analystWithRegions, "0308", "320623")).isFalse();
        assertThat(SubjectScope.mayReadAccount(officerWithBanks, "0102", "310101")).isFalse();
    }

    @Test
    void shouldShowAnAnalystOnlyItsOwnBanksCounterpartiesWhole() {
        final Principal full = analyst(Set.of("0102"), true);

        assertThat(SubjectScope.showsCounterparty(full, "0102")).isTrue();
        assertThat(SubjectScope.showsCounterparty(full, "0308")).isFalse();
        assertThat(SubjectScope.showsCounterparty(full, null)).isFalse();
        assertThat(SubjectScope.showsCounterparty(ANALYST_0102, "0102")).isFalse();
    }

    @Test
    void shouldShowAnOfficerOrAdminEveryCounterpartyWholeOnlyWithFullIdentifiers() {
        final Principal fullOfficer = new Principal("o", Set.of(Role.OFFICER), Set.of("320600"), Set.of(), true);
        final Principal fullAdmin = new Principal("a", Set.of(Role.ADMIN, Role.ANALYST), Set.of(), Set.of(), true);

        assertThat(SubjectScope.showsCounterparty(fullOfficer, null)).isTrue();
        assertThat(SubjectScope.showsCounterparty(fullAdmin, "0308")).isTrue();
        assertThat(SubjectScope.showsCounterparty(OFFICER_320600, "0102")).isFalse();
        assertThat(SubjectScope.showsCounterparty(ADMIN, "0102")).isFalse();
    }

    @Test
    void shouldShowAnAnalystNoListedSubjectOrHopWholeButTheQueriedOne() {
        final Principal full = analyst(Set.of(Principal.ALL), true);
        final Principal fullOfficer = new Principal("o", Set.of(Role.OFFICER), Set.of("320600"), Set.of(), true);

        assertThat(SubjectScope.showsNamed(full, true)).isTrue();
        assertThat(SubjectScope.showsNamed(full, false)).isFalse();
        assertThat(SubjectScope.showsNamed(fullOfficer, false)).isTrue();
        assertThat(SubjectScope.showsNamed(ANALYST_0102, true)).isFalse();
        assertThat(SubjectScope.showsNamed(OFFICER_320600, false)).isFalse();
    }

    private static Principal analyst(final Set<String> banks, final boolean fullIdentifiers) {
        return new Principal("analyst", Set.of(Role.ANALYST), Set.of(), banks, fullIdentifiers);
    }

    private static Principal officer(final Set<String> regions) {
        return new Principal("officer", Set.of(Role.OFFICER), regions, Set.of());
    }
}
