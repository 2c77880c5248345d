package org.ovm.plugin.simulator.internal;

import java.util.Map;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.testkit.NetworkDriverContract;

/** The simulator keeps the network contract. */
class SimulatorNetworkContractTest extends NetworkDriverContract {

    @Override
    protected NetworkDriver createDriver() {
        return new SimulatorNetworkDriver(new FaultInjector(new SimulatedBackend()));
    }

    @Override
    protected NetworkSpec network() {
        return new NetworkSpec("n1", "net", 100, "10.10.0.0/24", "10.10.0.1", Map.of());
    }

    @Override
    protected HostEndpoint host() {
        return new HostEndpoint("h1", "sim://h1", null, null, Map.of());
    }

    @Override
    protected String[] macAndIp() {
        return new String[] {"52:54:00:00:00:01", "10.10.0.10"};
    }
}
