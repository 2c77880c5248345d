package org.ovm.core.network.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.NetworkRealizationEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.network.RealizationState;
import org.ovm.core.task.TaskView;

/** Issue 15: DELETE /networks/{id} is a task that unrealizes the network on every host first. */
class NetworkDeletionTest {

    private final NetworkFixture f = new NetworkFixture();

    @AfterEach
    void close() throws InterruptedException {
        f.close();
    }

    private String realizedOn(String... hosts) throws Exception {
        String net = f.create("lan", "fake-vlan", 100, "10.100.0.0/24").id();
        for (String host : hosts) {
            f.realizations.realize(f.context(), f.entity(net), f.target(host)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }
        return net;
    }

    private TaskEntity finished(TaskView task) throws Exception {
        f.engine.whenFinished(task.id()).get(10, TimeUnit.SECONDS);
        return f.db.tx().call(em -> em.find(TaskEntity.class, task.id()));
    }

    private List<String> events(String topic) {
        return f.query("SELECT e.message FROM EventEntity e WHERE e.topic = ?1", String.class, topic);
    }

    @Test
    void theTaskUnrealizesOnEveryHostThenDeletesTheRowsAndTheDhcpAddresses() throws Exception {
        String net = realizedOn("h1", "h2");
        TaskView task = f.networks.delete(NetworkFixture.ADMIN, net);
        assertThat(task.operation()).isEqualTo("network.delete");
        TaskEntity done = finished(task);
        assertThat(done.getState()).as(done.getError()).isEqualTo("SUCCEEDED");
        assertThat(done.getResourceType()).isEqualTo("network");
        assertThat(done.getResourceName()).isEqualTo("lan");
        assertThat(f.vlan.calls("unrealize")).extracting(FakeNetworkDriver.Call::hostId)
                .containsExactlyInAnyOrder("h1", "h2");
        assertThat(f.vlan.calls("unrealize")).extracting(c -> c.spec().settings().get("dhcpAddress"))
                .containsExactlyInAnyOrder("10.100.0.1", "10.100.0.2");
        assertThat(f.entity(net)).isNull();
        assertThat(f.query("SELECT r FROM NetworkRealizationEntity r", NetworkRealizationEntity.class)).isEmpty();
        assertThat(f.query("SELECT a.id FROM IpAddressEntity a", String.class)).isEmpty();
        assertThat(events("network/deleted")).singleElement().asString().contains("network lan deleted",
                "2 host(s)");
        assertThatThrownBy(() -> f.networks.get(NetworkFixture.ADMIN, net)).isInstanceOf(OvmException.class);
    }

    @Test
    void aNetworkNeverRealizedGoesWithoutDriverCalls() throws Exception {
        String net = f.create("unused", "fake", null, "10.1.0.0/24").id();
        assertThat(finished(f.networks.delete(NetworkFixture.ADMIN, net)).getState()).isEqualTo("SUCCEEDED");
        assertThat(f.plain.calls).isEmpty();
        assertThat(f.entity(net)).isNull();
    }

    @Test
    void instancesHoldingAddressesRefuseTheDeleteAtOnceButDhcpServersDoNot() throws Exception {
        String net = realizedOn("h1");
        f.claimForInstance(net, "i1");
        OvmException refused = null;
        try {
            f.networks.delete(NetworkFixture.ADMIN, net);
        } catch (OvmException e) {
            refused = e;
        }
        assertThat(refused).isNotNull();
        assertThat(refused.error()).isEqualTo(OvmError.CONFLICT);
        assertThat(refused.getMessage()).contains("network lan still has 1 address(es) in use",
                "delete the instances");
        assertThat(f.query("SELECT t.id FROM TaskEntity t", String.class)).isEmpty();
        assertThatThrownBy(() -> f.networks.delete(NetworkFixture.ALICE, net)).isInstanceOf(OvmException.class)
                .extracting(e -> ((OvmException) e).error()).isEqualTo(OvmError.FORBIDDEN);
        f.sql("DELETE FROM IP_ADDRESSES WHERE INSTANCE_ID = 'i1'");
        assertThat(finished(f.networks.delete(NetworkFixture.ADMIN, net)).getState()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aFailingHostKeepsTheNetworkAndSaysWhatToDo() throws Exception {
        String net = realizedOn("h1", "h2");
        f.vlan.failingHosts.add("h2");
        TaskEntity failed = finished(f.networks.delete(NetworkFixture.ADMIN, net));
        assertThat(failed.getState()).isEqualTo("FAILED");
        assertThat(failed.getError()).contains("network lan was not deleted", "host host-h2",
                "bridge br-x is gone", "Fix the host (or remove it from OVM), then delete the network again");
        assertThat(f.entity(net)).isNotNull();
        List<NetworkRealizationEntity> left = f.query("SELECT r FROM NetworkRealizationEntity r",
                NetworkRealizationEntity.class);
        assertThat(left).singleElement().satisfies(r -> {
            assertThat(r.getHostId()).isEqualTo("h2");
            assertThat(r.getState()).isEqualTo(RealizationState.FAILED);
            assertThat(r.getReason()).contains("removing the network failed", "bridge br-x is gone");
        });
        // h1's DHCP address went back with its record; h2 keeps its own
        assertThat(f.networks.addresses(NetworkFixture.ADMIN, net)).singleElement()
                .satisfies(a -> assertThat(a.hostId()).isEqualTo("h2"));
        assertThat(events("network/deleted")).isEmpty();

        f.vlan.failingHosts.clear();
        assertThat(finished(f.networks.delete(NetworkFixture.ADMIN, net)).getState()).isEqualTo("SUCCEEDED");
        assertThat(f.vlan.calls("unrealize")).extracting(FakeNetworkDriver.Call::hostId)
                .containsExactlyInAnyOrder("h1", "h2", "h2");
        assertThat(f.entity(net)).isNull();
    }

    @Test
    void aHostRemovedFromOvmIsForgottenWithoutADriverCall() throws Exception {
        String net = realizedOn("h1");
        f.sql("DELETE FROM HOSTS WHERE ID = 'h1'");
        assertThat(finished(f.networks.delete(NetworkFixture.ADMIN, net)).getState()).isEqualTo("SUCCEEDED");
        assertThat(f.vlan.calls("unrealize")).isEmpty();
        assertThat(f.entity(net)).isNull();
    }

    @Test
    void concurrentDeletesAreOneTaskAndNoAddressIsHandedOutMeanwhile() throws Exception {
        String net = realizedOn("h1");
        CompletableFuture<Void> gate = new CompletableFuture<>();
        f.vlan.gate.set(gate);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TaskView>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(callers.submit(() -> {
                go.await();
                return f.networks.delete(NetworkFixture.ADMIN, net);
            }));
        }
        go.countDown();
        List<String> ids = new ArrayList<>();
        for (Future<TaskView> answer : answers) {
            ids.add(answer.get(10, TimeUnit.SECONDS).id());
        }
        callers.shutdown();
        assertThat(ids).containsOnly(ids.get(0));
        // while it runs, IPAM refuses the network
        assertThatThrownBy(() -> f.claimForInstance(net, "late")).isInstanceOf(OvmException.class)
                .hasMessageContaining("network lan is being deleted");
        gate.complete(null);
        assertThat(finished(answers.get(0).get()).getState()).isEqualTo("SUCCEEDED");
        assertThat(f.query("SELECT t.id FROM TaskEntity t", String.class)).hasSize(1);
        assertThat(f.vlan.calls("unrealize")).hasSize(1);
    }

    @Test
    void aMissingNetworkIsNotFound() {
        assertThatThrownBy(() -> f.networks.delete(NetworkFixture.ADMIN, "nope")).isInstanceOf(OvmException.class)
                .extracting(e -> ((OvmException) e).error()).isEqualTo(OvmError.NOT_FOUND);
    }

}
