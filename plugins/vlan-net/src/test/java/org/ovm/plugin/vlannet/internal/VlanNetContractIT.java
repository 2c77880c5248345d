package org.ovm.plugin.vlannet.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.testkit.NetworkDriverContract;

/** The SPI's network contract against the real Open vSwitch (host-only calls: the host is a KVM host). */
class VlanNetContractIT extends NetworkDriverContract {

    private Path state;
    private final String networkId = "i15v" + UUID.randomUUID().toString().substring(4);

    @Override
    protected NetworkDriver createDriver() throws Exception {
        state = Files.createTempDirectory("i15v-contract");
        VlanNetworkDriver driver = new VlanNetworkDriver(new ProcessRunner(), Locality.ofThisMachine());
        driver.setStateDir(state.toString());
        driver.init();
        return driver;
    }

    @Override
    protected NetworkSpec network() {
        return new NetworkSpec(networkId, "contract", 200, "10.200.0.0/24", "10.200.0.1",
                Map.of("dhcpAddress", "10.200.0.2"));
    }

    @Override
    protected HostEndpoint host() {
        return OvsBackend.host("i15v-contract-host");
    }

    @Override
    protected String[] macAndIp() {
        return new String[] {"52:54:00:15:02:01", "10.200.0.10"};
    }

    @AfterEach
    void noStateLeft() {
        StateStore.deleteTree(state);
    }
}
