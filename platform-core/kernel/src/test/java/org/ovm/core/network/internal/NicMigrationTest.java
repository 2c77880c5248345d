package org.ovm.core.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.internal.inventory.NetworkRealizationEntity;
import org.ovm.core.network.RealizationState;
import org.ovm.core.network.security.internal.PortPolicies;

/** The network part of moving an instance: its NICs' networks realized and addresses reserved on the target, released on the source. */
class NicMigrationTest {

    private final NetworkFixture f = new NetworkFixture();
    private final NicMigration nics = new NicMigration(f.db.tx(), f.targets, f::driver, f.realizations,
            new PortPolicies(f.db.tx(), type -> Optional.ofNullable(f.drivers.get(type)), f.targets));

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void theTargetGetsTheNetworkAndTheReservationAndTheSourceLetsGo() {
        String net = f.create("vnet", "fake-vlan", 100, "10.5.0.0/24").id();
        String address = f.claimForInstance(net, "i1");

        Map<String, String> ports = nics.plug(f.context(), "i1", "h2", false).toCompletableFuture().join();

        assertThat(ports).containsEntry("port.0", "port-h2");
        assertThat(f.vlan.calls("realize")).extracting(FakeNetworkDriver.Call::hostId).containsExactly("h2");
        assertThat(f.vlan.calls("reserveAddress")).extracting(FakeNetworkDriver.Call::hostId).containsExactly("h2");
        NetworkRealizationEntity realized = f.db.tx().call(em -> Realizations.find(em, net, "h2"));
        assertThat(realized.getState()).isEqualTo(RealizationState.REALIZED);
        assertThat(realized.getDhcpAddress()).isNotNull().isNotEqualTo(address);

        nics.unplug(f.context(), "i1", "h1", false).toCompletableFuture().join();

        assertThat(f.vlan.calls("releaseAddress")).extracting(FakeNetworkDriver.Call::hostId).containsExactly("h1");
    }

    @Test
    void aTargetThatCannotTakeTheNetworkFailsThePlug() {
        String net = f.create("vnet", "fake", null, "10.6.0.0/24").id();
        f.claimForInstance(net, "i1");
        f.plain.failingHosts.add("h3");

        assertThat(nics.plug(f.context(), "i1", "h3", false).toCompletableFuture().handle((v, e) -> e).join())
                .hasMessageContaining("realize failed on h3");
        assertThat(f.plain.calls("reserveAddress")).isEmpty();
    }
}
