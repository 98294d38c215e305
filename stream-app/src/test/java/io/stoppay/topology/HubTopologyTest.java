package io.stoppay.topology;

import static io.stoppay.topology.Payments.link;
import static io.stoppay.topology.Payments.listed;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static stoppay.v1.SubjectType.ACCOUNT;
import static stoppay.v1.SubjectType.IP;

import io.stoppay.config.StopPayConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.LinkKind;
import stoppay.v1.ListType;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;

/**
 * A subject with more than {@code stoppay.restriction.max.degree} links (here 5) is a hub: a
 * carrier-grade NAT address must not restrict everyone behind it, nor anyone behind it restrict
 * the others (FIELD-NOTES, "Graphs and lists").
 */
class HubTopologyTest {

    private static final int MAX_DEGREE = 5;
    private static final String NAT = "100.64.0.1";
    private static final String OTHER_IP = "10.9.9.9";

    private final InterceptionDriver stopPay = new InterceptionDriver(
            Map.of(StopPayConfig.MAX_DEGREE, String.valueOf(MAX_DEGREE)));

    @AfterEach
    void close() {
        stopPay.close();
    }

    @Test
    void shouldLetAccountsBehindAListedNatAddressPayAndGetPaidNormally() {
        linkAccountsBehindNat(MAX_DEGREE + 3);

        stopPay.list(listed(IP, NAT, ListType.HIGH_RISK_IP).build());

        for (int i = 0; i < MAX_DEGREE + 3; i++) {
            assertThat(stopPay.statusOf(ACCOUNT, behindNat(i))).as("account %d", i).isNull();
        }
        stopPay.pay(payment("T1", behindNat(1), behindNat(2), 300_000).setIpAddress(OTHER_IP).build());
        assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.PASS);
    }

    @Test
    void shouldStillRestrictAPaymentThatCarriesTheListedHubItselfAndSayItIsAHub() {
        linkAccountsBehindNat(MAX_DEGREE + 3);
        stopPay.list(listed(IP, NAT, ListType.HIGH_RISK_IP).build());

        stopPay.pay(payment("T1", behindNat(1), behindNat(2), 300_000).setIpAddress(NAT).build());

        final RiskDecision decision = stopPay.onlyDecision();
        assertThat(decision.getAction()).isNotEqualTo(Action.PASS);
        assertThat(decision.getHits()).extracting(RuleHit::getRuleId).containsExactly("CHANNEL_RESTRICTED");
        assertThat(decision.getHits().get(0).getEvidence()).contains("is listed as HIGH_RISK_IP")
                .endsWith("a hub, so its listing is not passed on to its links");
        final RestrictionStatus nat = stopPay.statusOf(IP, NAT);
        assertThat(nat.getHub()).isTrue();
        assertThat(nat.getRestrictions()).singleElement().satisfies(r -> assertThat(r.getHops()).isZero());
    }

    @Test
    void shouldNotPassAListingBehindAHubOnToTheHubOrTheOthersBehindIt() {
        linkAccountsBehindNat(MAX_DEGREE + 3);

        stopPay.list(listed(ACCOUNT, behindNat(0), ListType.FRAUD_ACCOUNT).build());

        assertThat(stopPay.statusOf(ACCOUNT, behindNat(0))).isNotNull();
        assertThat(stopPay.statusOf(ACCOUNT, behindNat(1))).isNull();
        assertThat(stopPay.statusOf(IP, NAT).getRestrictions()).isEmpty();
        assertThat(stopPay.statusOf(IP, NAT).getHub()).as("a hub is published even when nothing reaches it").isTrue();
    }

    @Test
    void shouldLiftWhatASubjectPassedOnWhenItBecomesAHubAndRestoreItWhenItIsNoLongerOne() {
        linkAccountsBehindNat(MAX_DEGREE);
        stopPay.list(listed(ACCOUNT, behindNat(0), ListType.FRAUD_ACCOUNT).build());
        assertThat(stopPay.statusOf(ACCOUNT, behindNat(3)).getRestrictions()).singleElement()
                .satisfies(r -> assertThat(r.getHops()).isEqualTo(2));
        assertThat(stopPay.statusOf(IP, NAT).getHub()).isFalse();
        stopPay.restrictionChanges();

        // When one more link makes the address a hub
        stopPay.link(link(ACCOUNT, behindNat(MAX_DEGREE), IP, NAT, LinkKind.IP_ACCOUNT));

        // Then everything it passed on is lifted, in one go
        final Map<String, RestrictionStatus> changes = changes();
        assertThat(changes).containsKeys("IP:" + NAT, "ACCOUNT:" + behindNat(1), "ACCOUNT:" + behindNat(4));
        assertThat(changes.get("ACCOUNT:" + behindNat(1))).isNull();
        assertThat(changes.get("IP:" + NAT).getHub()).isTrue();
        assertThat(changes.get("IP:" + NAT).getRestrictions()).isEmpty();
        assertThat(changes).as("the newcomer behind a hub is not restricted").doesNotContainKey("ACCOUNT:" + behindNat(MAX_DEGREE));

        // When one unlink brings it back to the limit, it passes restriction on again
        stopPay.unlink(ACCOUNT, behindNat(MAX_DEGREE), IP, NAT);
        assertThat(stopPay.statusOf(ACCOUNT, behindNat(3)).getRestrictions()).singleElement()
                .satisfies(r -> assertThat(r.getHops()).isEqualTo(2));
        assertThat(stopPay.statusOf(IP, NAT).getHub()).isFalse();
    }

    @Test
    void shouldCostNoRecomputationBehindAnExistingHub() {
        linkAccountsBehindNat(MAX_DEGREE + 1);
        stopPay.list(listed(ACCOUNT, behindNat(0), ListType.FRAUD_ACCOUNT).build());
        stopPay.restrictionChanges();

        linkAccountsBehindNat(MAX_DEGREE + 50);

        assertThat(stopPay.restrictionChanges()).as("links to a hub change nobody's status").isEmpty();
        assertThat(stopPay.statusOf(IP, NAT).getHub()).isTrue();
    }

    private void linkAccountsBehindNat(final int accounts) {
        for (int i = 0; i < accounts; i++) {
            stopPay.link(link(ACCOUNT, behindNat(i), IP, NAT, LinkKind.IP_ACCOUNT));
        }
    }

    private static String behindNat(final int i) {
        return String.format("62220000%011d", i);
    }

    private Map<String, RestrictionStatus> changes() {
        final Map<String, RestrictionStatus> last = new HashMap<>();
        stopPay.restrictionChanges().forEach(kv -> last.put(kv.key, kv.value));
        return last;
    }
}
