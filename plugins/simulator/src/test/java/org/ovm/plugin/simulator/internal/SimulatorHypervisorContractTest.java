package org.ovm.plugin.simulator.internal;

import java.util.List;
import java.util.Map;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.VmSpec;
import org.ovm.spi.testkit.HypervisorDriverContract;

/** The simulator keeps the hypervisor contract (its backend is in memory). */
class SimulatorHypervisorContractTest extends HypervisorDriverContract {

    @Override
    protected HypervisorDriver createDriver() {
        SimulatedBackend backend = new SimulatedBackend();
        return new SimulatorHypervisorDriver(backend, new FaultInjector(backend));
    }

    @Override
    protected HostEndpoint host() {
        return new HostEndpoint("h1", "sim://h1?cpus=8&memoryMiB=16384", null, null, Map.of());
    }

    @Override
    protected VmSpec tinySpec(String name) {
        return new VmSpec(name, 1, 128, List.of(), List.of(), Map.of());
    }
}
