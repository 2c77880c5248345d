package org.ovm.plugin.ipmifence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.fence.FenceEndpoint;
import org.ovm.spi.fence.PowerStatus;

/**
 * The driver against a real BMC simulator: OpenIPMI's ipmi_sim, started by
 * {@code test-tools/ipmi-sim/start.sh} on UDP 127.0.0.1:52723 in {@code target/ipmi-sim-it}, whose power-off
 * creates a marker file (and power-on removes it), with the real ipmitool. Needs the Debian packages
 * openipmi and ipmitool (installed by {@code ./ovm test}); fails, never skips, without them.
 */
class IpmiFenceIT {

    private static final int PORT = 52723;
    /** Nothing listens there during the test. */
    private static final int SILENT_PORT = 52724;
    /** A second BMC, with a status command. */
    private static final int SECOND_PORT = 52725;
    private static final String USER = "ovmadmin";
    private static final String PASSWORD = "fence-Pw.17";

    private static IpmiSim sim;
    private static Path dir;
    private static Path marker;
    private static ExecutorService executor;
    private static IpmiFenceDriver driver;

    @BeforeAll
    static void startBmc() throws Exception {
        dir = IpmiSim.dir("it");
        marker = dir.resolve("powered-off");
        Files.deleteIfExists(marker);
        sim = IpmiSim.start(dir, PORT, USER, PASSWORD, "touch " + marker, "rm -f " + marker, null);
        executor = Executors.newCachedThreadPool();
        driver = new IpmiFenceDriver(new ProcessRunner(), "ipmitool", Duration.ofMillis(250));
    }

    @AfterAll
    static void stopBmc() throws Exception {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (sim != null) {
            sim.stop();
        }
    }

    private static OperationContext ctx(Duration left) {
        return new OperationContext("ipmi-it", Instant.now().plus(left), "system", executor);
    }

    /** ipmi_sim offers RMCP+ cipher suite 3 only; without it ipmitool first waits 10 s for the suite list. */
    private static FenceEndpoint bmc(String user, String password, int port, Map<String, String> settings) {
        return new FenceEndpoint("kvm-sim", "127.0.0.1", port, user, password, settings);
    }

    private static FenceEndpoint bmc() {
        return bmc(USER, PASSWORD, PORT, Map.of("cipherSuite", "3"));
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static DriverException failure(Runnable call) {
        try {
            call.run();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(DriverException.class);
            return (DriverException) e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void powerOffReturnsOnceTheBmcReportsOffThenPowerOnBringsItBack() throws IOException {
        assertThat(join(driver.status(ctx(Duration.ofSeconds(20)), bmc()))).isEqualTo(PowerStatus.ON);
        assertThat(marker).doesNotExist();

        join(driver.powerOff(ctx(Duration.ofSeconds(30)), bmc()));
        assertThat(marker).as("the power-off hook ran before powerOff returned").exists();
        assertThat(join(driver.status(ctx(Duration.ofSeconds(20)), bmc()))).isEqualTo(PowerStatus.OFF);
        // idempotent: already off, nothing runs again
        join(driver.powerOff(ctx(Duration.ofSeconds(30)), bmc()));

        join(driver.powerOn(ctx(Duration.ofSeconds(30)), bmc()));
        assertThat(marker).as("the power-on hook ran").doesNotExist();
        assertThat(join(driver.status(ctx(Duration.ofSeconds(20)), bmc()))).isEqualTo(PowerStatus.ON);
        String chassisLog = Files.readString(dir.resolve("chassis.log"));
        assertThat(chassisLog).contains("power is off", "power is on");
        assertThat(chassisLog.split("power off requested", -1)).as("the second powerOff sent no power off").hasSize(2);
    }

    /** The mode ./ovm backends uses: the BMC asks a command whether the host runs (IPMI_SIM_STATUS_CMD). */
    @Test
    void withAStatusCommandTheBmcReportsAHostStoppedBehindItsBack() throws Exception {
        Path second = IpmiSim.dir("status");
        Path alive = second.resolve("alive");
        Files.writeString(alive, "");
        IpmiSim secondSim = IpmiSim.start(second, SECOND_PORT, USER, PASSWORD, "rm -f " + alive, "touch " + alive,
                "test -e " + alive);
        try {
            FenceEndpoint endpoint = bmc(USER, PASSWORD, SECOND_PORT, Map.of("cipherSuite", "3"));
            assertThat(join(driver.status(ctx(Duration.ofSeconds(20)), endpoint))).isEqualTo(PowerStatus.ON);
            Files.delete(alive); // the host dies without the BMC doing anything
            assertThat(join(driver.status(ctx(Duration.ofSeconds(20)), endpoint))).isEqualTo(PowerStatus.OFF);
            Files.writeString(alive, "");
            join(driver.powerOff(ctx(Duration.ofSeconds(30)), endpoint));
            assertThat(alive).doesNotExist();
            join(driver.powerOn(ctx(Duration.ofSeconds(30)), endpoint));
            assertThat(alive).exists();
        } finally {
            secondSim.stop();
        }
    }

    @Test
    void ipmi15LanWorksToo() {
        assertThat(join(driver.status(ctx(Duration.ofSeconds(20)), bmc(USER, PASSWORD, PORT, Map.of("interface", "lan")))))
                .isIn(PowerStatus.ON, PowerStatus.OFF);
    }

    @Test
    void aWrongPasswordIsUnauthorizedWithAClearMessage() {
        DriverException e = failure(() -> join(driver.status(ctx(Duration.ofSeconds(20)),
                bmc(USER, "wrong-Pw.1", PORT, Map.of("cipherSuite", "3")))));
        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(e.getMessage()).contains("127.0.0.1:" + PORT, "refused the user name or password",
                "power-management credentials").doesNotContain("wrong-Pw.1", PASSWORD);

        DriverException lan = failure(() -> join(driver.powerOff(ctx(Duration.ofSeconds(20)),
                bmc(USER, "wrong-Pw.1", PORT, Map.of("interface", "lan")))));
        assertThat(lan.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(marker).as("a refused power-off runs nothing").doesNotExist();
    }

    @Test
    void aPrivilegeTooLowForChassisControlIsUnauthorized() {
        DriverException e = failure(() -> join(driver.powerOff(ctx(Duration.ofSeconds(20)),
                bmc(USER, PASSWORD, PORT, Map.of("cipherSuite", "3", "privilege", "USER")))));
        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(e.getMessage()).contains("refused privilege level USER", "Insufficient privilege level");
        assertThat(marker).doesNotExist();
    }

    @Test
    void anUnknownUserIsUnauthorized() {
        DriverException e = failure(() -> join(driver.status(ctx(Duration.ofSeconds(20)),
                bmc("nobody", PASSWORD, PORT, Map.of("cipherSuite", "3")))));
        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(e.getMessage()).contains("unauthorized name");
    }

    @Test
    void nothingListeningIsUnreachableWithinTheDeadline() {
        long start = System.nanoTime();
        DriverException e = failure(() -> join(driver.powerOff(ctx(Duration.ofSeconds(3)),
                bmc(USER, PASSWORD, SILENT_PORT, Map.of("cipherSuite", "3", "retries", "5")))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(e.getMessage()).contains("127.0.0.1:" + SILENT_PORT, "did not answer within",
                "UDP port " + SILENT_PORT);
        assertThat(took).isLessThan(Duration.ofMillis(4500));

        // with ipmitool's own retries shorter than the deadline, its own words say the same
        DriverException own = failure(() -> join(driver.status(ctx(Duration.ofSeconds(20)),
                bmc(USER, PASSWORD, SILENT_PORT, Map.of("cipherSuite", "3", "retries", "1")))));
        assertThat(own.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(own.getMessage()).contains("does not answer");
    }

    @Test
    void aMissingIpmitoolIsUnsupportedAndSaysWhatToInstall() {
        IpmiFenceDriver noTool = new IpmiFenceDriver(new ProcessRunner(), "/nonexistent/ipmitool", Duration.ofMillis(250));
        DriverException e = failure(() -> join(noTool.status(ctx(Duration.ofSeconds(5)), bmc())));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(e.getMessage()).contains("install the Debian package ipmitool");
    }
}
