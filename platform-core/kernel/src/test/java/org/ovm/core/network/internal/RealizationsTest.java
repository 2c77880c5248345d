package org.ovm.core.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.internal.inventory.IpAddressEntity;
import org.ovm.core.internal.inventory.NetworkRealizationEntity;
import org.ovm.core.network.AddressView;
import org.ovm.core.network.RealizationState;
import org.ovm.core.network.RealizationView;
import org.ovm.core.network.security.internal.PortPolicies;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.task.internal.StepContext;

/** Issue 15: realization records, the DHCP server's address, and the create step calling the NetworkTarget API. */
class RealizationsTest {

    private final NetworkFixture f = new NetworkFixture();

    @AfterEach
    void close() throws InterruptedException {
        f.close();
    }

    private Realizations.Realized realize(String networkId, String hostId) throws Exception {
        return f.realizations.realize(f.context(), f.entity(networkId), f.target(hostId)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private NetworkRealizationEntity record(String networkId, String hostId) {
        return f.db.tx().call(em -> Realizations.find(em, networkId, hostId));
    }

    private List<IpAddressEntity> dhcpRows(String networkId) {
        return f.query("SELECT a FROM IpAddressEntity a WHERE a.networkId = ?1 AND a.role = 'dhcp'",
                IpAddressEntity.class, networkId);
    }

    @Test
    void aRealizationIsRecordedWithTheDhcpServersAddressClaimedFromTheRange() throws Exception {
        String net = f.create("lan", "fake-vlan", 100, "10.5.0.0/29").id();
        assertThat(f.claimForInstance(net, "i1")).isEqualTo("10.5.0.1");

        Realizations.Realized realized = realize(net, "h1");
        assertThat(realized.portRef()).isEqualTo("port-h1");
        assertThat(realized.spec().settings()).containsEntry(Realizations.DHCP_ADDRESS, "10.5.0.2")
                .containsEntry("rangeStart", "10.5.0.1");
        assertThat(f.vlan.calls("realize")).singleElement()
                .satisfies(c -> assertThat(c.spec().settings()).containsEntry("dhcpAddress", "10.5.0.2"));
        NetworkRealizationEntity record = record(net, "h1");
        assertThat(record.getState()).isEqualTo(RealizationState.REALIZED);
        assertThat(record.getPortRef()).isEqualTo("port-h1");
        assertThat(record.getDhcpAddress()).isEqualTo("10.5.0.2");
        assertThat(record.getReason()).isNull();
        assertThat(f.entity(net).getUsedIps()).isEqualTo(2);

        // the address list shows the DHCP server's address to admins only; guests never get it
        List<AddressView> all = f.networks.addresses(NetworkFixture.ADMIN, net);
        assertThat(all).extracting(AddressView::address).containsExactly("10.5.0.1", "10.5.0.2");
        AddressView dhcp = all.get(1);
        assertThat(dhcp.role()).isEqualTo("dhcp");
        assertThat(dhcp.hostId()).isEqualTo("h1");
        assertThat(dhcp.instanceId()).isNull();
        assertThat(dhcp.vdcId()).isNull();
        assertThat(dhcp.nic()).isNull();
        assertThat(all.get(0).role()).isEqualTo("nic");
        assertThat(all.get(0).nic()).isZero();
        assertThat(f.networks.addresses(NetworkFixture.ALICE, net)).extracting(AddressView::address)
                .containsExactly("10.5.0.1");
        assertThat(f.claimForInstance(net, "i2")).isEqualTo("10.5.0.3");

        // the view names the host; users do not see where networks live
        List<RealizationView> views = f.networks.get(NetworkFixture.ADMIN, net).realizations();
        assertThat(views).singleElement().satisfies(v -> {
            assertThat(v.hostId()).isEqualTo("h1");
            assertThat(v.hostName()).isEqualTo("host-h1");
            assertThat(v.state()).isEqualTo("REALIZED");
            assertThat(v.portRef()).isEqualTo("port-h1");
            assertThat(v.updatedAt()).isNotNull();
        });
        assertThat(f.networks.get(NetworkFixture.ALICE, net).realizations()).isEmpty();
        assertThat(f.networks.list(NetworkFixture.ADMIN, org.ovm.core.Filters.NONE,
                new org.ovm.core.PageRequest(10, 0)).items().get(0).realizations()).hasSize(1);

        // realizing again (a later create) keeps the record and its address, and calls the driver again
        realize(net, "h1");
        assertThat(f.vlan.calls("realize")).hasSize(2)
                .allSatisfy(c -> assertThat(c.spec().settings()).containsEntry("dhcpAddress", "10.5.0.2"));
        assertThat(dhcpRows(net)).hasSize(1);
        // another host: its own server, its own address
        assertThat(realize(net, "h2").spec().settings()).containsEntry("dhcpAddress", "10.5.0.4");
        assertThat(dhcpRows(net)).extracting(IpAddressEntity::getHostId).containsExactlyInAnyOrder("h1", "h2");
    }

    @Test
    void aDriverWithoutDhcpGetsNoServerAddress() throws Exception {
        String net = f.create("flat", "fake", null, "10.6.0.0/24").id();
        Realizations.Realized realized = realize(net, "h1");
        assertThat(realized.spec().settings()).doesNotContainKey(Realizations.DHCP_ADDRESS);
        assertThat(dhcpRows(net)).isEmpty();
        assertThat(record(net, "h1").getDhcpAddress()).isNull();
        assertThat(f.entity(net).getUsedIps()).isZero();
    }

    @Test
    void aFailedRealizationKeepsTheDriversMessageUntilItSucceeds() throws Exception {
        String net = f.create("lan", "fake-vlan", 7, "10.7.0.0/24").id();
        f.vlan.failingHosts.add("h2");
        assertThatThrownBy(() -> realize(net, "h2")).hasMessageContaining("bridge br-x is gone");
        NetworkRealizationEntity failed = record(net, "h2");
        assertThat(failed.getState()).isEqualTo(RealizationState.FAILED);
        assertThat(failed.getReason()).contains("realize failed on h2: bridge br-x is gone");
        assertThat(failed.getDhcpAddress()).isEqualTo("10.7.0.1");
        assertThat(f.networks.get(NetworkFixture.ADMIN, net).realizations().get(0).reason())
                .contains("bridge br-x is gone");

        f.vlan.failingHosts.clear();
        realize(net, "h2");
        NetworkRealizationEntity fixed = record(net, "h2");
        assertThat(fixed.getState()).isEqualTo(RealizationState.REALIZED);
        assertThat(fixed.getReason()).isNull();
        assertThat(fixed.getDhcpAddress()).isEqualTo("10.7.0.1");
        assertThat(dhcpRows(net)).hasSize(1);
    }

    @Test
    void aRangeWithoutRoomForTheDhcpServerFailsTheRealizationBeforeTheDriverIsCalled() throws Exception {
        String net = f.create("tiny", "fake-vlan", 8, "10.8.0.0/30").id();
        f.claimForInstance(net, "i1");
        f.claimForInstance(net, "i2");
        assertThatThrownBy(() -> realize(net, "h1")).hasMessageContaining("no address of network tiny is left for "
                + "its DHCP server");
        assertThat(f.vlan.calls).isEmpty();
        NetworkRealizationEntity failed = record(net, "h1");
        assertThat(failed.getState()).isEqualTo(RealizationState.FAILED);
        assertThat(failed.getReason()).contains("widen the range");
    }

    @Test
    void concurrentRealizationsOfOneNetworkOnOneHostAreOneDriverCall() throws Exception {
        String net = f.create("lan", "fake-vlan", 9, "10.9.0.0/24").id();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        f.vlan.gate.set(gate);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CompletableFuture<Realizations.Realized>>> started = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            started.add(callers.submit(() -> {
                go.await();
                return f.realizations.realize(f.context(), f.entity(net), f.target("h1")).toCompletableFuture();
            }));
        }
        go.countDown();
        List<CompletableFuture<Realizations.Realized>> answers = new ArrayList<>();
        for (var s : started) {
            answers.add(s.get(10, TimeUnit.SECONDS));
        }
        callers.shutdown();
        assertThat(record(net, "h1").getState()).isEqualTo(RealizationState.REALIZING);
        assertThat(f.networks.get(NetworkFixture.ADMIN, net).realizations().get(0).state()).isEqualTo("REALIZING");
        gate.complete(null);
        for (var answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS).portRef()).isEqualTo("port-h1");
        }
        assertThat(f.vlan.calls("realize")).hasSize(1);
        assertThat(dhcpRows(net)).hasSize(1);
        assertThat(record(net, "h1").getState()).isEqualTo(RealizationState.REALIZED);
    }

    @Test
    void theCreateStepRealizesOnceAndReservesEachNicWithTheHostsSpec() throws Exception {
        String net = f.create("lan", "fake-vlan", 10, "10.10.0.0/24").id();
        f.sql("INSERT INTO INSTANCES (ID, NAME, HOST_ID, VDC_ID, STATE, CPUS, MEMORY_MIB, MANAGED, CREATED_AT, "
                + "UPDATED_AT) VALUES ('i1', 'vm1', 'h3', 'vdc-a', 'CREATING', 1, 64, TRUE, 0, 0)");
        f.db.tx().run(em -> {
            var network = em.find(org.ovm.core.internal.inventory.NetworkEntity.class, net);
            f.addresses.claim(em, network, null, "i1", "vdc-a", 0, "52:54:00");
            f.addresses.claim(em, network, null, "i1", "vdc-a", 1, "52:54:00");
        });
        NicSteps steps = new NicSteps(f.db.tx(), f.targets, f::driver, f.addresses, new QuotaClaims(),
                f.realizations, new PortPolicies(f.db.tx(), type -> Optional.of(f.driver(type)), f.targets));
        Map<String, String> outputs = new HashMap<>();
        StepContext ctx = new StepContext("t1", "i1", "root", Map.of(), outputs, f.context(), false);
        outputs.putAll(steps.plug().run(ctx).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertThat(outputs).containsEntry("port.0", "port-h3").containsEntry("port.1", "port-h3");
        assertThat(f.vlan.calls).extracting(FakeNetworkDriver.Call::operation)
                .containsExactly("realize", "reserveAddress", "reserveAddress");
        assertThat(f.vlan.calls).allSatisfy(c -> {
            assertThat(c.hostId()).isEqualTo("h3");
            assertThat(c.spec().settings()).containsEntry("dhcpAddress", "10.10.0.3");
        });

        steps.unplug().run(ctx).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(f.vlan.calls("releaseAddress")).hasSize(2)
                .allSatisfy(c -> assertThat(c.spec().settings()).containsEntry("dhcpAddress", "10.10.0.3"));
        // the NICs' addresses went back; the DHCP server's stays with the realization
        assertThat(f.networks.addresses(NetworkFixture.ADMIN, net)).extracting(AddressView::role)
                .containsExactly("dhcp");
    }
}
