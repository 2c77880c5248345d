package org.ovm.plugin.ipmifence.internal;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ovm.spi.common.DriverException;

/** One OpenIPMI ipmi_sim started by test-tools/ipmi-sim/start.sh for the ITs, stopped by stop.sh. */
final class IpmiSim {

    static final Path REPO = Path.of(System.getProperty("ovm.repo", "../..")).toAbsolutePath().normalize();

    private final Path dir;

    private IpmiSim(Path dir) {
        this.dir = dir;
    }

    /** Fails (never skips) the calling test class when ipmi_sim or ipmitool is missing. */
    static void requireTools() {
        for (String program : List.of("ipmi_sim", "ipmitool")) {
            try {
                ProcessRunner.resolve(program);
            } catch (DriverException e) {
                fail(program + " is missing on this machine: the IPMI ITs need the Debian packages openipmi and "
                        + "ipmitool (apt-get install -y --no-install-recommends openipmi ipmitool; ./ovm test installs them)");
            }
        }
    }

    /** A directory under target/ for one BMC (system property ipmi.sim.dir, set by the pom, + name). */
    static Path dir(String name) throws IOException {
        Path base = Path.of(System.getProperty("ipmi.sim.dir", "target/ipmi-sim")).toAbsolutePath();
        Path dir = base.resolveSibling(base.getFileName() + "-" + name);
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * start.sh DIR PORT USER PASS POWEROFF_CMD POWERON_CMD, with IPMI_SIM_STATUS_CMD when {@code statusCmd}
     * is not null; fails with start.sh's words when the BMC does not answer.
     */
    static IpmiSim start(Path dir, int port, String user, String password, String offCmd, String onCmd,
            String statusCmd) throws Exception {
        requireTools();
        Path log = dir.resolve("start.log");
        ProcessBuilder builder = new ProcessBuilder(REPO.resolve("test-tools/ipmi-sim/start.sh").toString(),
                dir.toString(), Integer.toString(port), user, password, offCmd, onCmd).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (statusCmd != null) {
            builder.environment().put("IPMI_SIM_STATUS_CMD", statusCmd);
        }
        Process start = builder.start();
        if (!start.waitFor(30, TimeUnit.SECONDS) || start.exitValue() != 0) {
            start.destroyForcibly();
            fail("test-tools/ipmi-sim/start.sh could not start ipmi_sim on 127.0.0.1:" + port + ": "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new IpmiSim(dir);
    }

    void stop() throws Exception {
        new ProcessBuilder(REPO.resolve("test-tools/ipmi-sim/stop.sh").toString(), dir.toString()).inheritIO().start()
                .waitFor(10, TimeUnit.SECONDS);
    }
}
