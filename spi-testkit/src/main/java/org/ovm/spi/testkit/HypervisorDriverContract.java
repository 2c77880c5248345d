package org.ovm.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.SerialConsoleSupport;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.TerminalSupport;
import org.ovm.spi.hypervisor.VmSpec;

/**
 * The contract every {@link HypervisorDriver} must keep, run against the driver's real backend.
 * A plugin extends this class in an {@code *IT} test and supplies the driver, a host endpoint
 * and a spec its backend can define. Instances the tests define are undefined afterwards.
 */
public abstract class HypervisorDriverContract extends ContractSupport {

    private HypervisorDriver driver;
    private HostEndpoint host;

    /** The driver under test, configured for the backend. */
    protected abstract HypervisorDriver createDriver() throws Exception;

    /** An endpoint of a reachable host of the backend. */
    protected abstract HostEndpoint host() throws Exception;

    /** A spec the backend can define and start (a tiny guest), with the given unique name. */
    protected abstract VmSpec tinySpec(String name) throws Exception;

    /**
     * Whether the {@link #tinySpec tiny guest} really boots and runs a shell on its first serial
     * port, which the serial console check needs when the driver offers {@link SerialConsoleSupport};
     * a backend that runs no guests (libvirt's test driver) answers false.
     */
    protected boolean tinyGuestHasSerialShell() {
        return true;
    }

    @BeforeEach
    void setUpContract() throws Exception {
        driver = createDriver();
        host = host();
    }

    @Test
    void namesItsMacPrefixAndDiskFormats() {
        assertThat(driver.macPrefix()).matches("[0-9a-f]{2}(:[0-9a-f]{2}){2,3}");
        assertThat(driver.diskFormats()).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void probeReportsFacts() {
        HostFacts facts = await(driver.probe(ctx(), host));
        assertThat(facts.cpus()).as("cpus").isPositive();
        assertThat(facts.memoryMiB()).as("memoryMiB").isPositive();
        assertThat(facts.hypervisorVersion()).as("hypervisorVersion").isNotBlank();
        assertThat(driver.type()).isNotBlank();
    }

    @Test
    void defineStartStopUndefine() throws Exception {
        String name = uniqueName();
        InstanceInfo defined = await(driver.define(ctx(), host, tinySpec(name)));
        try {
            assertThat(defined.name()).isEqualTo(name);
            assertThat(defined.state()).isEqualTo(PowerState.STOPPED);
            List<InstanceInfo> listed = await(driver.listInstances(ctx(), host));
            assertThat(listed).extracting(InstanceInfo::backendId).contains(defined.backendId());

            assertThat(await(driver.start(ctx(), host, defined.backendId())).state()).isEqualTo(PowerState.RUNNING);
            assertThat(await(driver.start(ctx(), host, defined.backendId())).state())
                    .as("start is idempotent").isEqualTo(PowerState.RUNNING);
            assertThat(await(driver.stop(ctx(), host, defined.backendId(), StopMode.FORCE)).state())
                    .isEqualTo(PowerState.STOPPED);
            assertThat(await(driver.stop(ctx(), host, defined.backendId(), StopMode.FORCE)).state())
                    .as("stop is idempotent").isEqualTo(PowerState.STOPPED);
        } finally {
            await(driver.undefine(ctx(), host, defined.backendId()));
        }
        assertThat(await(driver.findInstance(ctx(), host, defined.backendId()))).isEmpty();
        await(driver.undefine(ctx(), host, defined.backendId()));
    }

    @Test
    void duplicateNameIsAConflict() throws Exception {
        String name = uniqueName();
        InstanceInfo defined = await(driver.define(ctx(), host, tinySpec(name)));
        try {
            assertThatThrownBy(() -> await(driver.define(ctx(), host, tinySpec(name))))
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
        } finally {
            await(driver.undefine(ctx(), host, defined.backendId()));
        }
    }

    @Test
    void unknownInstanceIsEmptyAndUndefineIsIdempotent() {
        String unknown = UUID.randomUUID().toString();
        assertThat(await(driver.findInstance(ctx(), host, unknown))).isEmpty();
        await(driver.undefine(ctx(), host, unknown));
    }

    @Test
    void serialConsoleAnswersWhatIsTypedAndCanBeTakenOverAndEndsWithTheGuest() throws Exception {
        assumeTrue(driver instanceof SerialConsoleSupport, "the driver offers no SerialConsoleSupport");
        assumeTrue(tinyGuestHasSerialShell(), "the backend runs no guest with a shell on its serial port");
        SerialConsoleSupport serial = (SerialConsoleSupport) driver;
        InstanceInfo vm = await(driver.define(ctx(), host, tinySpec(uniqueName())));
        try {
            assertThatThrownBy(() -> await(serial.openSerialConsole(ctx(), host, vm.backendId(), b -> { })))
                    .as("a stopped guest has no serial console")
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
            await(driver.start(ctx(), host, vm.backendId()));
            StringBuffer first = new StringBuffer();
            TerminalSupport.Session session = await(serial.openSerialConsole(ctx(), host, vm.backendId(),
                    b -> first.append(new String(b, StandardCharsets.UTF_8))));
            try {
                typeUntil(session, first, "echo contract-$((6*7))\r", "contract-42");
                StringBuffer second = new StringBuffer();
                TerminalSupport.Session taker = await(serial.openSerialConsole(ctx(), host, vm.backendId(),
                        b -> second.append(new String(b, StandardCharsets.UTF_8))));
                try {
                    session.closed().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    typeUntil(taker, second, "echo taken-$((6*7))\r", "taken-42");
                    assertThat(first.toString()).as("the older session got nothing after the take-over")
                            .doesNotContain("taken-42");
                } finally {
                    taker.close();
                }
                taker.closed().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } finally {
                session.close();
            }
            TerminalSupport.Session last = await(serial.openSerialConsole(ctx(), host, vm.backendId(), b -> { }));
            try {
                await(driver.stop(ctx(), host, vm.backendId(), StopMode.FORCE));
                last.closed().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } finally {
                last.close();
            }
        } finally {
            await(driver.undefine(ctx(), host, vm.backendId()));
        }
    }

    /** Types a line every few seconds (the guest may still be booting) until the answer shows. */
    private static void typeUntil(TerminalSupport.Session session, StringBuffer screen, String line, String answer)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
        while (!screen.toString().contains(answer) && System.nanoTime() < deadline) {
            session.write(line.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 30 && !screen.toString().contains(answer); i++) {
                Thread.sleep(100);
            }
        }
        assertThat(screen.toString()).as("what the serial console showed").contains(answer);
    }
}
