package org.ovm.plugin.kvm.internal;

import java.util.List;
import java.util.Map;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.VmSpec;
import org.ovm.spi.testkit.HypervisorDriverContract;

/** The KVM driver keeps the hypervisor contract against libvirt's test driver (no daemon). */
class KvmTestDriverContractIT extends HypervisorDriverContract {

    @Override
    protected HypervisorDriver createDriver() {
        return new KvmHypervisorDriver();
    }

    @Override
    protected HostEndpoint host() {
        return new HostEndpoint("test-host", "test:///default", null, null, Map.of());
    }

    /** The test driver runs no guest: its domains have no serial port to talk to. */
    @Override
    protected boolean tinyGuestHasSerialShell() {
        return false;
    }

    @Override
    protected VmSpec tinySpec(String name) {
        return new VmSpec(name, 1, 128, List.of(), List.of(), Map.of());
    }
}
