package org.ovm.plugin.esxi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.vmware.vim25.mo.Datastore;
import com.vmware.vim25.mo.HostSystem;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.VirtualMachine;
import com.vmware.vim25.ws.ClientCreator;

/**
 * yavijava with the tolerant response path against govmomi's ESX simulator, whose answers are
 * not filtered (API 6.5 fields yavijava 6.0 lacks): it connects, trusts the certificate by its
 * fingerprint, and reads the host, its datastore and its VMs. Needs {@code ./ovm backends up esxi}.
 */
class SimulatorConnectionTest {

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: start the ESXi simulator with './ovm backends up "
                    + "esxi' and export './ovm backends env' (./ovm test does both)");
        }
        return value;
    }

    private static ServiceInstance connect(FingerprintTrust trust) throws Exception {
        ClientCreator.clientClass = TolerantClient.class;
        return new ServiceInstance(new URL(env("ESXI_URL")), env("ESXI_USER"), env("ESXI_PASSWORD"), trust, 5000,
                30000);
    }

    @Test
    void theUnfilteredSimulatorIsReadThroughThePinnedFingerprint() throws Exception {
        FingerprintTrust trust = new FingerprintTrust(env("ESXI_THUMBPRINT"));
        ServiceInstance si = connect(trust);
        try {
            assertThat(si.getAboutInfo().getApiType()).isEqualTo("HostAgent");
            assertThat(si.getAboutInfo().getFullName()).startsWith("VMware ESXi");
            assertThat(trust.seen()).isEqualToIgnoringCase(env("ESXI_THUMBPRINT"));
            ManagedEntity[] hosts = new InventoryNavigator(si.getRootFolder()).searchManagedEntities("HostSystem");
            assertThat(hosts).hasSize(1);
            HostSystem host = (HostSystem) hosts[0];
            assertThat(host.getHardware().getCpuInfo().getNumCpuThreads()).isPositive();
            assertThat(host.getHardware().getMemorySize()).isPositive();
            // HostConfigInfo carries deploymentInfo, graphicsConfig, ioFilterInfo.type, scsiDiskType (API 6.5)
            assertThat(host.getConfig().getProduct().getFullName()).startsWith("VMware ESXi");
            assertThat(host.getConfig().getStorageDevice().getScsiLun()).isNotEmpty();
            List<String> datastores = new ArrayList<>();
            for (Datastore d : host.getDatastores()) {
                datastores.add(d.getName());
                assertThat(d.getSummary().getCapacity()).isPositive();
            }
            assertThat(datastores).contains("LocalDS_0");
            ManagedEntity[] vms = new InventoryNavigator(si.getRootFolder()).searchManagedEntities("VirtualMachine");
            assertThat(vms).isNotEmpty();
            VirtualMachine vm = (VirtualMachine) vms[0];
            assertThat(vm.getConfig().getHardware().getNumCPU()).isPositive();
            assertThat(vm.getRuntime().getPowerState()).isNotNull();
        } finally {
            si.getServerConnection().logout();
        }
    }

    @Test
    void aCertificateOtherThanThePinnedOneIsRefused() {
        FingerprintTrust wrong = new FingerprintTrust("00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
        assertThatThrownBy(() -> connect(wrong)).hasStackTraceContaining("certificate changed");
    }
}
