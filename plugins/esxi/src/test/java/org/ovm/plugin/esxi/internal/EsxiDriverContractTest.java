package org.ovm.plugin.esxi.internal;

import java.util.List;
import java.util.Map;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.NicSpec;
import org.ovm.spi.hypervisor.VmSpec;
import org.ovm.spi.testkit.HypervisorDriverContract;

/** The hypervisor contract against the simulated ESXi host ({@code ./ovm backends up esxi}), unfiltered. */
class EsxiDriverContractTest extends HypervisorDriverContract {

    @Override
    protected HypervisorDriver createDriver() {
        return new EsxiHypervisorDriver();
    }

    @Override
    protected HostEndpoint host() {
        return EsxiBackend.host();
    }

    @Override
    protected VmSpec tinySpec(String name) {
        return new VmSpec(name, 1, 64, null, List.of(new NicSpec("00:50:56:3e:00:01", "VM Network", 0, null)),
                Map.of());
    }
}
