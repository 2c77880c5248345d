package org.ovm.plugin.docker.internal;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.testkit.ContainerDriverContract;

/** The container contract against the real engine ({@code ./ovm backends up docker}). */
class DockerContainerContractTest extends ContainerDriverContract {

    @Override
    protected HypervisorDriver createDriver() {
        return new DockerHypervisorDriver();
    }

    @Override
    protected HostEndpoint host() {
        return DockerBackend.local();
    }

    @Override
    protected String shellImage() {
        return DockerBackend.image();
    }
}
