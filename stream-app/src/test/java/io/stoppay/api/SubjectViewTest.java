package io.stoppay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.access.Principal;
import io.stoppay.access.Role;
import io.stoppay.behaviour.LastActivity;
import io.stoppay.behaviour.RecentActivity;
import io.stoppay.privacy.Mask;
import io.stoppay.restriction.SubjectKey;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import stoppay.internal.v1.Flow;
import stoppay.v1.LinkHop;
import stoppay.v1.LinkKind;
import stoppay.v1.ListType;
import stoppay.v1.Restriction;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.SubjectType;

class SubjectViewTest {

    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
    private static final String ACCOUNT = "6222020200000000001";
    private static final String SAME_BANK = "6222020200000000002";
    private static final String OTHER_BANK = "6217000000000000009";
    private static final String UNKNOWN_BANK = "6217000000000000010";
    private static final String CARD = "6222000011112222";
    private static final SubjectKey QUERIED = new SubjectKey(SubjectType.ACCOUNT, ACCOUNT);

    /** The account at bank 0102 paid a payee of its own bank, was paid by one of 0308 and by one of unknown bank. */
    private final RecentActivity activity = RecentActivity.of(
            List.of(flow("T2", OTHER_BANK, "0308", 60), flow("T3", UNKNOWN_BANK, null, 120)),
            List.of(flow("T1", SAME_BANK, "0102", 0)), T0.plusSeconds(120));

    /** The account is listed itself, and reached from the listed card through its link. */
    private final RestrictionStatus status = RestrictionStatus.newBuilder()
            .setSubjectType(SubjectType.ACCOUNT).setSubjectId(ACCOUNT).setUpdatedAt(T0)
            .setRestrictions(List.of(
                    restriction(SubjectType.ACCOUNT, ACCOUNT, List.of()),
                    restriction(SubjectType.CARD, CARD, List.of(new LinkHop(SubjectType.ACCOUNT, ACCOUNT,
                            LinkKind.ACCOUNT_CARD, SubjectType.CARD, CARD)))))
            .build();

    @Test
    void shouldShowAnAnalystWithFullIdentifiersOnlyItsOwnBanksSideWhole() {
        final SubjectView view = view(new Principal("a", Set.of(Role.ANALYST), Set.of(), Set.of("0102"), true));

        assertThat(counterparties(view)).containsExactly(Mask.cardOrAccount(UNKNOWN_BANK),
                Mask.cardOrAccount(OTHER_BANK), SAME_BANK);
        assertThat(view.restrictions().get(0).listedId()).isEqualTo(ACCOUNT);
        assertThat(view.restrictions().get(0).listingKey()).isEqualTo("ACCOUNT:" + ACCOUNT + "|bank-internal");
        assertThat(view.restrictions().get(1).listedId()).isEqualTo(Mask.cardOrAccount(CARD));
        assertThat(view.restrictions().get(1).listingKey()).isNull();
        assertThat(view.restrictions().get(1).path()).containsExactly(new SubjectView.HopView(
                "ACCOUNT:" + ACCOUNT, "ACCOUNT_CARD", "CARD:" + Mask.cardOrAccount(CARD)));
    }

    @Test
    void shouldShowAnAnalystWithoutFullIdentifiersEveryOtherSubjectMasked() {
        final SubjectView view = view(new Principal("a", Set.of(Role.ANALYST), Set.of(), Set.of("0102"), false));

        assertThat(counterparties(view)).containsExactly(Mask.cardOrAccount(UNKNOWN_BANK),
                Mask.cardOrAccount(OTHER_BANK), Mask.cardOrAccount(SAME_BANK));
        assertThat(view.restrictions().get(0).listedId()).isEqualTo(Mask.cardOrAccount(ACCOUNT));
        assertThat(view.restrictions().get(0).listingKey()).isNull();
    }

    @Test
    void shouldShowAnOfficerWithFullIdentifiersEverySubjectWhole() {
        final SubjectView view = view(new Principal("o", Set.of(Role.OFFICER), Set.of("320600"), Set.of(), true));

        assertThat(counterparties(view)).containsExactly(UNKNOWN_BANK, OTHER_BANK, SAME_BANK);
        assertThat(view.restrictions().get(1).listedId()).isEqualTo(CARD);
        assertThat(view.restrictions().get(1).path().get(0).to()).isEqualTo("CARD:" + CARD);
    }

    /** An analyst sees when the account's money last moved apart from its last attempt: dormancy reads the first. */
    @Test
    void shouldShowWhenTheAccountsMoneyLastMovedApartFromItsLastPayment() {
        final RecentActivity attempted = RecentActivity.of(List.of(), List.of(flow("T1", SAME_BANK, "0102", 60)),
                new LastActivity(T0.plusSeconds(60).toEpochMilli(), T0.toEpochMilli()));
        final SubjectView view = SubjectView.of(QUERIED, ACCOUNT, status, null, attempted, 20, "host:8080",
                new Principal("o", Set.of(Role.OFFICER), Set.of("320600"), Set.of(), true));

        assertThat(view.behaviour().lastActiveAt()).isEqualTo(T0.plusSeconds(60).toString());
        assertThat(view.behaviour().lastMovedMoneyAt()).isEqualTo(T0.toString());
        assertThat(view(new Principal("o", Set.of(Role.OFFICER), Set.of("320600"), Set.of(), true)).behaviour()
                .lastMovedMoneyAt()).isEqualTo(T0.plusSeconds(120).toString());
    }

    private SubjectView view(final Principal caller) {
        return SubjectView.of(QUERIED, ACCOUNT, status, null, activity, 20, "host:8080", caller);
    }

    private static List<String> counterparties(final SubjectView view) {
        return view.behaviour().recent().stream().map(SubjectView.FlowView::counterparty).toList();
    }

    private static Flow flow(final String txnId, final String counterparty, final String counterpartyBank,
                             final long secondsAfterT0) {
        return new Flow(txnId, T0.plusSeconds(secondsAfterT0), counterparty, 100_00L, false, false, "0102",
                counterpartyBank, null);
    }

    private static Restriction restriction(final SubjectType type, final String id, final List<LinkHop> path) {
        return Restriction.newBuilder().setListedType(type).setListedId(id).setListType(ListType.FRAUD_ACCOUNT)
                .setRiskLevel(3).setSource("bank-internal").setHops(path.size()).setPath(path)
                .setListingKey(type + ":" + id + "|bank-internal").build();
    }
}
