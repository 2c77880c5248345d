package org.ovm.plugin.docker.internal;

import java.util.Map;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.VmSpec;
import org.ovm.spi.testkit.HypervisorDriverContract;

/** The hypervisor contract against the real engine ({@code ./ovm backends up docker}). */
class DockerDriverContractTest extends HypervisorDriverContract {

    @Override
    protected HypervisorDriver createDriver() {
        return new DockerHypervisorDriver();
    }

    @Override
    protected HostEndpoint host() {
        return DockerBackend.local();
    }

    @Override
    protected VmSpec tinySpec(String name) {
        return new VmSpec(name, 1, 32, null, null, Map.of("image", DockerBackend.image(), "command", "sleep 600"));
    }
}
