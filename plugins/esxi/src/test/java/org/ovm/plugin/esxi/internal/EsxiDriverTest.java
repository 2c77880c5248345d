package org.ovm.plugin.esxi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.HostStorage;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.NicSpec;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.SnapshotInfo;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.VmSpec;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ESXi driver against the simulated host's unfiltered answers, each step checked with
 * govmomi ({@link EsxiCheck}). Needs {@code ./ovm backends up esxi}.
 */
class EsxiDriverTest {

    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool();
    private static final PoolSpec POOL = new PoolSpec("pool-esxi", "LocalDS_0", "ds:///vmfs/volumes/LocalDS_0/",
            Map.of());

    private final EsxiHypervisorDriver driver = new EsxiHypervisorDriver();
    private final EsxiDatastoreDriver storage = new EsxiDatastoreDriver(driver);
    private final HostEndpoint host = EsxiBackend.host();

    @AfterAll
    static void stopExecutor() {
        EXECUTOR.shutdownNow();
    }

    private static OperationContext ctx() {
        return new OperationContext("test-" + UUID.randomUUID(), Instant.now().plusSeconds(60), "test", EXECUTOR);
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e);
        }
    }

    private static ErrorCode code(Throwable e) {
        return e instanceof DriverException d ? d.code() : null;
    }

    @Test
    void theHostsOwnVmsAreDiscoveredWithTheirHardware() throws Exception {
        List<InstanceInfo> all = await(driver.listInstances(ctx(), host));
        InstanceInfo vm0 = all.stream().filter(i -> i.name().equals("ha-host_VM0")).findFirst().orElseThrow();
        JsonNode checked = EsxiCheck.vm("ha-host_VM0");
        assertThat(vm0.backendId()).isEqualTo(checked.get("id").asText());
        assertThat(vm0.cpus()).isEqualTo(checked.get("numCPU").asInt());
        assertThat(vm0.memoryMiB()).isEqualTo(checked.get("memoryMB").asLong());
        assertThat(vm0.state()).isEqualTo(PowerState.RUNNING);
        assertThat(checked.get("powerState").asText()).isEqualTo("poweredOn");
        assertThat(vm0.details()).containsEntry("guestId", checked.get("guestId").asText())
                .containsKey("guestOs").containsKey("uuid");
        assertThat(vm0.details().get("disks")).contains(checked.get("disks").get(0).asText());
        String nic = checked.get("nics").get(0).asText(); // mac@network
        assertThat(vm0.details().get("nics")).contains(nic.substring(0, nic.indexOf('@')))
                .contains("on " + nic.substring(nic.indexOf('@') + 1));
        assertThat(await(driver.findInstance(ctx(), host, vm0.backendId()))).contains(vm0);
    }

    @Test
    void probeReportsTheHostAndItsDatastores() {
        HostFacts facts = await(driver.probe(ctx(), host));
        assertThat(facts.hypervisorVersion()).startsWith("VMware ESXi");
        assertThat(facts.details()).containsEntry("datastores", "LocalDS_0")
                .containsEntry(EsxiHypervisorDriver.CERTIFICATE_FACT, EsxiBackend.env("ESXI_THUMBPRINT"))
                .doesNotContainKey(HostFacts.LEARNED_SETTING_PREFIX + "thumbprint");
        assertThat(facts.details().get("portGroups")).contains("VM Network (vSwitch0)");
        assertThat(await(driver.hostStorage(ctx(), host))).containsExactly(
                new HostStorage("LocalDS_0", "datastore", "ds:///vmfs/volumes/LocalDS_0/"));
    }

    @Test
    void aVmWithADiskAndANicGoesThroughItsLifeAsTheHostSees() throws Exception {
        String name = "ovm-test-" + UUID.randomUUID().toString().substring(0, 8);
        VolumeInfo disk = await(storage.createVolume(ctx(), POOL, host, VolumeSpec.empty(name + "-disk0.vmdk",
                1L << 30, "vmdk")));
        assertThat(disk.path()).isEqualTo("[LocalDS_0] ovm/" + name + "-disk0.vmdk");
        String mac = "00:50:56:3e:12:34";
        VmSpec spec = new VmSpec(name, 1, 128, List.of(new DiskSpec(disk.path(), "vmdk", null, false)),
                List.of(new NicSpec(mac, "VM Network", 0, null)), Map.of("guestId", "ubuntu64Guest"));
        InstanceInfo vm = await(driver.define(ctx(), host, spec));
        try {
            JsonNode c = EsxiCheck.vm(name);
            assertThat(c.get("powerState").asText()).isEqualTo("poweredOff");
            assertThat(c.get("numCPU").asInt()).isEqualTo(1);
            assertThat(c.get("memoryMB").asInt()).isEqualTo(128);
            assertThat(c.get("guestId").asText()).isEqualTo("ubuntu64Guest");
            assertThat(c.get("disks").get(0).asText()).isEqualTo(disk.path());
            assertThat(c.get("nics").get(0).asText()).isEqualTo(mac + "@VM Network");
            assertThat(vm.state()).isEqualTo(PowerState.STOPPED);

            assertThat(await(driver.start(ctx(), host, vm.backendId())).state()).isEqualTo(PowerState.RUNNING);
            assertThat(EsxiCheck.vm(name).get("powerState").asText()).isEqualTo("poweredOn");
            assertThatThrownBy(() -> await(driver.resize(ctx(), host, vm.backendId(), 2, 256)))
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.CONFLICT));
            assertThat(await(driver.reboot(ctx(), host, vm.backendId())).state()).isEqualTo(PowerState.RUNNING);

            SnapshotInfo s1 = await(driver.createSnapshot(ctx(), host, vm.backendId(), "s1", "before the change"));
            assertThat(s1.state()).isEqualTo(PowerState.RUNNING);
            assertThat(await(driver.createSnapshot(ctx(), host, vm.backendId(), "s1", null)))
                    .as("taking the same snapshot again is idempotent").isEqualTo(s1);
            assertThat(EsxiCheck.vm(name).get("snapshots").toString()).isEqualTo("[\"s1\"]");

            assertThat(await(driver.stop(ctx(), host, vm.backendId(), StopMode.GRACEFUL)).state())
                    .isEqualTo(PowerState.STOPPED);
            assertThat(EsxiCheck.vm(name).get("powerState").asText()).isEqualTo("poweredOff");
            InstanceInfo resized = await(driver.resize(ctx(), host, vm.backendId(), 2, 256));
            assertThat(resized.cpus()).isEqualTo(2);
            assertThat(EsxiCheck.vm(name).get("numCPU").asInt()).isEqualTo(2);
            assertThat(EsxiCheck.vm(name).get("memoryMB").asInt()).isEqualTo(256);

            await(driver.createSnapshot(ctx(), host, vm.backendId(), "s2", null));
            assertThat(await(driver.listSnapshots(ctx(), host, vm.backendId()))).extracting(SnapshotInfo::name)
                    .containsExactly("s1", "s2");
            await(driver.revertSnapshot(ctx(), host, vm.backendId(), "s1"));
            assertThat(EsxiCheck.vm(name).get("currentSnapshot").asText()).isEqualTo("s1");
            assertThatThrownBy(() -> await(driver.revertSnapshot(ctx(), host, vm.backendId(), "nope")))
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
            await(driver.deleteSnapshot(ctx(), host, vm.backendId(), "s2"));
            await(driver.deleteSnapshot(ctx(), host, vm.backendId(), "s2"));
            assertThat(EsxiCheck.vm(name).get("snapshots").toString()).isEqualTo("[\"s1\"]");

            assertThat(await(driver.stats(ctx(), host, vm.backendId())).cpuTimeNanos()).isNotNegative();
            assertThatThrownBy(() -> await(driver.console(ctx(), host, vm.backendId())))
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessageContaining("WebMKS").hasMessageContaining("https://127.0.0.1:18443/ui/");
        } finally {
            await(driver.undefine(ctx(), host, vm.backendId()));
            // (the simulator may have deleted the disk when it dropped the snapshots: test-tools/esxi-sim/README.md)
            await(storage.deleteVolume(ctx(), POOL, host, disk.name()));
        }
        assertThat(EsxiCheck.vm(name).get("exists").asBoolean()).isFalse();
        assertThat(EsxiCheck.file(disk.path()).get("exists").asBoolean()).isFalse();
    }

    @Test
    void deletingAVmKeepsItsDisksWhichAreVolumesOfThePool() throws Exception {
        String name = "ovm-test-" + UUID.randomUUID().toString().substring(0, 8);
        VolumeInfo disk = await(storage.createVolume(ctx(), POOL, host, VolumeSpec.empty(name + "-disk0", 1L << 30,
                "vmdk")));
        try {
            InstanceInfo vm = await(driver.define(ctx(), host, new VmSpec(name, 1, 64,
                    List.of(new DiskSpec(disk.path(), "vmdk", null, false)), List.of(), Map.of())));
            await(driver.start(ctx(), host, vm.backendId()));
            await(driver.undefine(ctx(), host, vm.backendId()));
            assertThat(EsxiCheck.vm(name).get("exists").asBoolean()).isFalse();
            assertThat(EsxiCheck.file(disk.path()).get("exists").asBoolean()).isTrue();
            assertThat(await(storage.inspectVolume(ctx(), POOL, host, disk.name())).sizeBytes()).isEqualTo(1L << 30);
        } finally {
            await(storage.deleteVolume(ctx(), POOL, host, disk.name()));
        }
        assertThat(EsxiCheck.file(disk.path()).get("exists").asBoolean()).isFalse();
    }

    @Test
    void aWrongPasswordIsRefusedWithoutNamingIt() {
        String wrong = "not-" + EsxiBackend.env("ESXI_PASSWORD");
        HostEndpoint bad = EsxiBackend.host("esxi-bad-password", EsxiBackend.env("ESXI_URL"), wrong,
                Map.of("thumbprint", EsxiBackend.env("ESXI_THUMBPRINT")));
        assertThatThrownBy(() -> await(driver.probe(ctx(), bad)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.UNAUTHORIZED))
                .hasMessageContaining("refused the user name or password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
    }

    @Test
    void aCertificateOtherThanThePinnedOneIsRefused() {
        HostEndpoint pinnedElsewhere = EsxiBackend.host("esxi-other-cert", EsxiBackend.env("ESXI_URL"),
                EsxiBackend.env("ESXI_PASSWORD"), Map.of("thumbprint", "AB:".repeat(31) + "AB"));
        assertThatThrownBy(() -> await(driver.probe(ctx(), pinnedElsewhere)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.UNAUTHORIZED))
                .hasMessageContaining("certificate changed")
                .hasMessageContaining(EsxiBackend.env("ESXI_THUMBPRINT"));
    }

    @Test
    void withNothingPinnedTheFingerprintIsLearnedAndInsecureIsOnlyAnOptIn() {
        HostEndpoint firstUse = EsxiBackend.host("esxi-first-use", EsxiBackend.env("ESXI_URL"),
                EsxiBackend.env("ESXI_PASSWORD"), Map.of());
        assertThat(await(driver.probe(ctx(), firstUse)).details())
                .containsEntry(HostFacts.LEARNED_SETTING_PREFIX + "thumbprint", EsxiBackend.env("ESXI_THUMBPRINT"));
        HostEndpoint insecure = EsxiBackend.host("esxi-insecure", EsxiBackend.env("ESXI_URL"),
                EsxiBackend.env("ESXI_PASSWORD"), Map.of("insecure", "true", "thumbprint", "AB:".repeat(31) + "AB"));
        assertThat(await(driver.probe(ctx(), insecure)).details()).containsKey("warning")
                .doesNotContainKey(HostFacts.LEARNED_SETTING_PREFIX + "thumbprint");
    }

    @Test
    void aSessionTheHostDroppedIsLoggedInAgain() throws Exception {
        await(driver.probe(ctx(), host));
        EsxiSessions.Session session = driver.sessions().session(host);
        String key = session.si.getSessionManager().getCurrentSession().getKey();
        // another client ends the driver's session on the host, as an idle timeout or a host restart would
        EsxiHypervisorDriver other = new EsxiHypervisorDriver();
        try {
            other.sessions().session(EsxiBackend.host("esxi-terminator", EsxiBackend.env("ESXI_URL"),
                    EsxiBackend.env("ESXI_PASSWORD"), Map.of("thumbprint", EsxiBackend.env("ESXI_THUMBPRINT"))))
                    .si.getSessionManager().terminateSession(new String[] {key});
        } finally {
            other.close();
        }
        assertThat(await(driver.listInstances(ctx(), host))).extracting(InstanceInfo::name).contains("ha-host_VM0");
        assertThat(driver.sessions().session(host)).isNotSameAs(session);
    }

    @Test
    void aNetworkIsAPortGroupWithItsVlan() throws Exception {
        EsxiPortGroupDriver networks = new EsxiPortGroupDriver(driver);
        String name = "net" + UUID.randomUUID().toString().substring(0, 6);
        NetworkSpec net = new NetworkSpec("n-" + name, name, 42, "10.42.0.0/24", "10.42.0.1", Map.of());
        assertThat(await(networks.realize(ctx(), net, host))).isEqualTo("ovm-" + name);
        assertThat(await(networks.realize(ctx(), net, host))).as("idempotent").isEqualTo("ovm-" + name);
        assertThat(EsxiCheck.portGroups().get("ovm-" + name).asInt()).isEqualTo(42);
        await(networks.unrealize(ctx(), net, host));
        await(networks.unrealize(ctx(), net, host));
        assertThat(EsxiCheck.portGroups().has("ovm-" + name)).isFalse();
        assertThat(EsxiCheck.portGroups().has("VM Network")).as("the host's own port groups stay").isTrue();
    }

    @Test
    void isoImagesAreUploadedIntoTheDatastoreAndDiskUploadsAreExplained() throws Exception {
        byte[] iso = new byte[34816];
        System.arraycopy("CD001".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, iso, 32769, 5);
        String name = "boot-" + UUID.randomUUID().toString().substring(0, 8) + ".iso";
        VolumeInfo uploaded = await(storage.uploadVolume(ctx(), POOL, host, name, "iso", iso.length,
                new java.io.ByteArrayInputStream(iso)));
        try {
            assertThat(uploaded.path()).isEqualTo("[LocalDS_0] ovm/" + name);
            assertThat(EsxiCheck.file(uploaded.path()).get("size").asLong()).isEqualTo(iso.length);
            assertThat(await(storage.inspectVolume(ctx(), POOL, host, name)).sizeBytes()).isEqualTo(iso.length);
        } finally {
            await(storage.deleteVolume(ctx(), POOL, host, name));
        }
        assertThat(EsxiCheck.file(uploaded.path()).get("exists").asBoolean()).isFalse();
        byte[] sparse = "KDMV".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> await(storage.uploadVolume(ctx(), POOL, host, "d.vmdk", "vmdk", sparse.length,
                new java.io.ByteArrayInputStream(sparse))))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.UNSUPPORTED)).hasMessageContaining("Host Client");
    }

    @Test
    void aFullCloneOfATemplateDiskKeepsItsSize() {
        String template = "tpl-" + UUID.randomUUID().toString().substring(0, 8) + ".vmdk";
        VolumeInfo source = await(storage.createVolume(ctx(), POOL, host, VolumeSpec.empty(template, 2L << 30,
                "vmdk")));
        String clone = "clone-" + template;
        try {
            VolumeInfo copied = await(storage.createVolume(ctx(), POOL, host, new VolumeSpec(clone, 2L << 30, "vmdk",
                    source.path(), "vmdk", false)));
            assertThat(copied.sizeBytes()).isEqualTo(2L << 30);
            assertThatThrownBy(() -> await(storage.createVolume(ctx(), POOL, host, new VolumeSpec("linked-" + template,
                    2L << 30, "vmdk", source.path(), "vmdk", true))))
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.UNSUPPORTED));
        } finally {
            await(storage.deleteVolume(ctx(), POOL, host, clone));
            await(storage.deleteVolume(ctx(), POOL, host, template));
        }
    }

    @Test
    void aPoolNamingNoDatastoreOfTheHostIsExplained() {
        PoolSpec unknown = new PoolSpec("pool-x", "x", "ds:///vmfs/volumes/NoSuchDS/", Map.of());
        assertThatThrownBy(() -> await(storage.attachPool(ctx(), unknown, host)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID)).hasMessageContaining("LocalDS_0");
    }

    @Test
    void aHostThatIsDownIsUnreachable() {
        HostEndpoint nobody = EsxiBackend.host("esxi-nobody", "https://127.0.0.1:1/sdk",
                EsxiBackend.env("ESXI_PASSWORD"), Map.of());
        assertThatThrownBy(() -> await(driver.probe(ctx(), nobody)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.UNREACHABLE));
    }
}
