package org.ovm.plugin.ipmifence.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.ovm.spi.fence.FenceDriver;
import org.ovm.spi.fence.FenceEndpoint;
import org.ovm.spi.testkit.FenceDriverContract;

/**
 * The SPI's fence contract for the IPMI driver against ipmi_sim on UDP 127.0.0.1:52726, whose "host" is
 * a file: power-off deletes it, power-on creates it, and the BMC's status is whether it exists
 * (IPMI_SIM_STATUS_CMD), as with ./ovm backends' simulated KVM hosts.
 */
class IpmiFenceContractIT extends FenceDriverContract {

    private static final int PORT = 52726;
    private static final int SILENT_PORT = 52727;
    private static final String USER = "contract";
    private static final String PASSWORD = "contract-Pw.17";

    private static IpmiSim sim;
    private static Path alive;

    @BeforeAll
    static void startBmc() throws Exception {
        Path dir = IpmiSim.dir("contract");
        alive = dir.resolve("host-alive");
        Files.writeString(alive, "");
        sim = IpmiSim.start(dir, PORT, USER, PASSWORD, "rm -f " + alive, "touch " + alive, "test -e " + alive);
    }

    @AfterAll
    static void stopBmc() throws Exception {
        if (sim != null) {
            sim.stop();
        }
    }

    @Override
    protected FenceDriver createDriver() {
        return new IpmiFenceDriver(new ProcessRunner(), "ipmitool", Duration.ofMillis(250));
    }

    @Override
    protected FenceEndpoint endpoint() {
        return new FenceEndpoint("contract-host", "127.0.0.1", PORT, USER, PASSWORD, Map.of("cipherSuite", "3"));
    }

    @Override
    protected boolean hostRuns() {
        return Files.exists(alive);
    }

    @Override
    protected FenceEndpoint silentEndpoint() {
        return new FenceEndpoint("contract-host", "127.0.0.1", SILENT_PORT, USER, PASSWORD,
                Map.of("cipherSuite", "3", "retries", "10"));
    }
}
