package org.ovm.core.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.network.NetworkRequest;
import org.ovm.core.network.NetworkView;

/** Issue 15: what POST /networks refuses, in the user's terms, naming the field. */
class NetworkValidationTest {

    private final NetworkFixture f = new NetworkFixture();

    @AfterEach
    void close() throws InterruptedException {
        f.close();
    }

    private static OvmException refusal(Runnable create) {
        try {
            create.run();
        } catch (OvmException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    private NetworkView create(String name, String type, Integer vlan, String cidr, String gateway, String start,
            String end, String ipv6) {
        return f.networks.create(NetworkFixture.ADMIN, new NetworkRequest(name, type, vlan, cidr, gateway, null, start,
                end, null, ipv6));
    }

    @Test
    void badAddressesNameTheirField() {
        OvmException cidr = refusal(() -> f.create("n", "fake", null, "10.0.0.0/33"));
        assertThat(cidr.field()).isEqualTo("cidr");
        assertThat(refusal(() -> f.create("n", "fake", null, "10.0.0.1/24")).getMessage())
                .contains("did you mean 10.0.0.0/24");
        assertThat(refusal(() -> f.create("n", "fake", null, "ten/24")).field()).isEqualTo("cidr");
        OvmException gateway = refusal(() -> create("n", "fake", null, "10.0.0.0/24", "10.0.1.1", null, null, null));
        assertThat(gateway.field()).isEqualTo("gateway");
        assertThat(gateway.getMessage()).contains("10.0.1.1 is outside the network 10.0.0.0/24", "10.0.0.1 to "
                + "10.0.0.254");
        assertThat(refusal(() -> create("n", "fake", null, "10.0.0.0/24", null, "10.0.0.255", null, null)).field())
                .isEqualTo("rangeStart");
        assertThat(refusal(() -> create("n", "fake", null, "10.0.0.0/24", null, null, "10.9.0.9", null)).field())
                .isEqualTo("rangeEnd");
        assertThat(refusal(() -> create("n", "fake", null, "10.0.0.0/24", null, null, null, "2001:db8::/32"))
                .field()).isEqualTo("ipv6Cidr");
        assertThat(f.query("SELECT n FROM NetworkEntity n", Object.class)).isEmpty();
    }

    @Test
    void aVlanDriverNeedsAVlanIdWhileOthersMayBeUntagged() {
        OvmException missing = refusal(() -> f.create("n", "fake-vlan", null, "10.0.0.0/24"));
        assertThat(missing.error()).isEqualTo(OvmError.INVALID_INPUT);
        assertThat(missing.field()).isEqualTo("vlan");
        assertThat(missing.getMessage()).contains("vlan is required for a network of type fake-vlan", "1-4094");
        assertThat(refusal(() -> f.create("n", "fake-vlan", 0, "10.0.0.0/24")).getMessage())
                .contains("got 0", "untagged traffic is not possible");
        assertThat(refusal(() -> f.create("n", "fake-vlan", 4095, "10.0.0.0/24")).field()).isEqualTo("vlan");
        assertThat(refusal(() -> f.create("n", "fake", 4095, "10.0.0.0/24")).field()).isEqualTo("vlan");
        assertThat(refusal(() -> f.create("n", "fake", -1, "10.0.0.0/24")).field()).isEqualTo("vlan");
        assertThat(f.create("tagged", "fake-vlan", 4094, "10.0.0.0/24").vlan()).isEqualTo(4094);
        assertThat(f.create("untagged", "fake", 0, "10.1.0.0/24").vlan()).isZero();
        assertThat(f.create("default", "fake", null, "10.2.0.0/24").vlan()).isZero();
    }

    @Test
    void anOverlappingSubnetOnTheSameVlanIsAConflictNamingTheOtherNetwork() {
        f.create("lan", "fake-vlan", 100, "10.100.0.0/24");
        OvmException inside = refusal(() -> f.create("inner", "fake-vlan", 100, "10.100.0.128/25"));
        assertThat(inside.error()).isEqualTo(OvmError.CONFLICT);
        assertThat(inside.field()).isEqualTo("cidr");
        assertThat(inside.getMessage()).contains("overlaps network lan (10.100.0.0/24) on VLAN 100");
        assertThat(refusal(() -> f.create("outer", "fake-vlan", 100, "10.100.0.0/16")).getMessage())
                .contains("network lan");
        // another VLAN, or the next subnet on the same one, is fine; so is an untagged network of another driver
        assertThat(f.create("other-vlan", "fake-vlan", 200, "10.100.0.0/24").cidr()).isEqualTo("10.100.0.0/24");
        assertThat(f.create("next", "fake-vlan", 100, "10.100.1.0/24").vlan()).isEqualTo(100);
        f.create("flat", "fake", null, "10.100.0.0/24");
        assertThat(refusal(() -> f.create("flat2", "fake", 0, "10.100.0.64/26")).getMessage())
                .contains("overlaps network flat", "untagged");
    }

    @Test
    void theIpv6PrefixIsStoredCanonicallyAndRealizationsStartEmpty() {
        NetworkView created = create("dual", "fake", null, "10.0.0.0/24", "10.0.0.1", null, null,
                "2001:DB8:0:10:0:0:0:0/64");
        assertThat(created.ipv6Cidr()).isEqualTo("2001:db8:0:10::/64");
        assertThat(created.realizations()).isEmpty();
        NetworkView read = f.networks.get(NetworkFixture.ALICE, created.id());
        assertThat(read.ipv6Cidr()).isEqualTo("2001:db8:0:10::/64");
        assertThat(f.create("v4only", "fake", null, "10.1.0.0/24").ipv6Cidr()).isNull();
    }

    @Test
    void anUnknownDriverIsNamed() {
        assertThatThrownBy(() -> f.create("n", "ovs", null, "10.0.0.0/24")).isInstanceOf(OvmException.class)
                .extracting(e -> ((OvmException) e).error()).isEqualTo(OvmError.DRIVER_UNAVAILABLE);
    }
}
