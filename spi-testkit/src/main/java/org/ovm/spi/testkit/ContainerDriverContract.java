package org.ovm.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.ContainerSpec;
import org.ovm.spi.hypervisor.ContainerSupport;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.ImageInfo;
import org.ovm.spi.hypervisor.ImageSupport;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.InstanceStats;
import org.ovm.spi.hypervisor.LogQuery;
import org.ovm.spi.hypervisor.LogSupport;
import org.ovm.spi.hypervisor.PowerState;
import org.ovm.spi.hypervisor.StatsSupport;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.TerminalSupport;
import org.ovm.spi.hypervisor.VmSpec;

/**
 * The contract of container drivers ({@link ContainerSupport}, {@link ImageSupport}, and where
 * offered {@link LogSupport}, {@link StatsSupport}, {@link TerminalSupport}), run against a real
 * engine. Extend it beside {@link HypervisorDriverContract}.
 */
public abstract class ContainerDriverContract extends ContractSupport {

    private HypervisorDriver driver;
    private HostEndpoint host;

    /** The driver under test, configured for the backend. */
    protected abstract HypervisorDriver createDriver() throws Exception;

    /** An endpoint of a reachable engine. */
    protected abstract HostEndpoint host() throws Exception;

    /** An image on the engine with a POSIX shell ({@code sh}, {@code echo}, {@code sleep}). */
    protected abstract String shellImage();

    @BeforeEach
    void setUpContainerContract() throws Exception {
        driver = createDriver();
        host = host();
        assertThat(driver).isInstanceOf(ContainerSupport.class).isInstanceOf(ImageSupport.class);
        assertThat(driver.diskFormats()).as("containers have no disk files").isEmpty();
    }

    private ContainerSupport containers() {
        return (ContainerSupport) driver;
    }

    private ImageSupport images() {
        return (ImageSupport) driver;
    }

    private ContainerSpec shell(String script, Map<String, String> env) {
        return new ContainerSpec(shellImage(), List.of("sh", "-c", script), null, env, null, null, null,
                Map.of("contract", "yes"), null);
    }

    @Test
    void definedContainerCarriesItsLimitsAndIsListed() {
        String name = uniqueName();
        InstanceInfo defined = await(containers().defineContainer(ctx(), host, new VmSpec(name, 2, 96, null, null, null),
                shell("sleep 600", Map.of("GREETING", "hi"))));
        try {
            assertThat(defined.name()).isEqualTo(name);
            assertThat(defined.state()).isEqualTo(PowerState.STOPPED);
            assertThat(defined.cpus()).as("cpus is the CPU limit").isEqualTo(2);
            assertThat(defined.memoryMiB()).as("memory is the hard limit").isEqualTo(96);
            assertThat(defined.details()).containsEntry("image", shellImage()).containsKey("envKeys");
            assertThat(defined.details().get("envKeys")).contains("GREETING");
            assertThat(await(driver.listInstances(ctx(), host))).extracting(InstanceInfo::backendId)
                    .contains(defined.backendId());
            assertThat(await(driver.start(ctx(), host, defined.backendId())).state()).isEqualTo(PowerState.RUNNING);
            assertThat(await(driver.reboot(ctx(), host, defined.backendId())).state()).isEqualTo(PowerState.RUNNING);
            assertThat(await(driver.stop(ctx(), host, defined.backendId(), StopMode.FORCE)).state())
                    .as("a forced stop kills").isEqualTo(PowerState.STOPPED);
            assertThatThrownBy(() -> await(driver.reboot(ctx(), host, defined.backendId())))
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
        } finally {
            await(driver.undefine(ctx(), host, defined.backendId()));
        }
        assertThat(await(driver.findInstance(ctx(), host, defined.backendId()))).isEmpty();
    }

    @Test
    void anImageNotOnTheHostIsNotFoundAndLeavesNothing() {
        String name = uniqueName();
        ContainerSpec missing = new ContainerSpec("ovm-contract/absent:" + name, null, null, null, null, null, null,
                null, null);
        assertThatThrownBy(() -> await(containers().defineContainer(ctx(), host, new VmSpec(name, 1, 32, null, null,
                null), missing))).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(await(driver.listInstances(ctx(), host))).extracting(InstanceInfo::name).doesNotContain(name);
    }

    @Test
    void imagesAreListedAndFound() {
        List<ImageInfo> all = await(images().listImages(ctx(), host));
        assertThat(all).isNotEmpty();
        ImageInfo found = await(images().findImage(ctx(), host, shellImage())).orElseThrow();
        assertThat(all).extracting(ImageInfo::id).contains(found.id());
        assertThat(found.sizeBytes()).isPositive();
        assertThat(await(images().findImage(ctx(), host, "ovm-contract/absent:" + uniqueName()))).isEmpty();
        await(images().removeImage(ctx(), host, "ovm-contract/absent:" + uniqueName()));
    }

    @Test
    void aRootFileSystemTarballIsImportedAndRemoved() {
        String reference = "ovm-contract/imported:" + uniqueName();
        byte[] tar = Tarballs.of(Map.of("etc/ovm-contract", "imported\n"));
        ImageInfo imported = await(images().importImage(ctx(), host, reference,
                new java.io.ByteArrayInputStream(tar)));
        assertThat(imported.references()).contains(reference);
        assertThat(await(images().findImage(ctx(), host, reference))).map(ImageInfo::id).contains(imported.id());
        await(images().removeImage(ctx(), host, imported.id()));
        assertThat(await(images().findImage(ctx(), host, reference))).isEmpty();
    }

    @Test
    void logsTailAndFollow() throws Exception {
        assumeTrue(driver instanceof LogSupport, "the driver offers no LogSupport");
        LogSupport logs = (LogSupport) driver;
        String name = uniqueName();
        InstanceInfo c = await(containers().defineContainer(ctx(), host, new VmSpec(name, 1, 64, null, null, null),
                shell("for i in 1 2 3 4 5; do echo line-$i; done; sleep 2; echo late", null)));
        try {
            await(driver.start(ctx(), host, c.backendId()));
            ByteArrayOutputStream followed = new ByteArrayOutputStream();
            await(logs.logs(ctx(), host, c.backendId(), new LogQuery(null, null, true, false), followed));
            assertThat(followed.toString(StandardCharsets.UTF_8)).as("follow ends when the container stops")
                    .contains("line-1", "line-5", "late");
            ByteArrayOutputStream tail = new ByteArrayOutputStream();
            await(logs.logs(ctx(), host, c.backendId(), new LogQuery(2, null, false, false), tail));
            assertThat(tail.toString(StandardCharsets.UTF_8).trim().split("\n")).containsExactly("line-5", "late");
            ByteArrayOutputStream future = new ByteArrayOutputStream();
            await(logs.logs(ctx(), host, c.backendId(), new LogQuery(null, Instant.now().plus(Duration.ofHours(1)),
                    false, false), future));
            assertThat(future.size()).as("nothing was written after an hour from now").isZero();
        } finally {
            await(driver.undefine(ctx(), host, c.backendId()));
        }
    }

    @Test
    void statsOfARunningContainer() {
        assumeTrue(driver instanceof StatsSupport, "the driver offers no StatsSupport");
        StatsSupport stats = (StatsSupport) driver;
        String name = uniqueName();
        InstanceInfo c = await(containers().defineContainer(ctx(), host, new VmSpec(name, 1, 64, null, null, null),
                shell("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 600", null)));
        try {
            InstanceStats stopped = await(stats.stats(ctx(), host, c.backendId()));
            assertThat(stopped.cpuTimeNanos()).isZero();
            await(driver.start(ctx(), host, c.backendId()));
            InstanceStats running = await(stats.stats(ctx(), host, c.backendId()));
            assertThat(running.cpuTimeNanos()).isPositive();
            assertThat(running.memoryMiB()).isLessThanOrEqualTo(64);
        } finally {
            await(driver.undefine(ctx(), host, c.backendId()));
        }
    }

    @Test
    void terminalRunsWhatIsTyped() throws Exception {
        assumeTrue(driver instanceof TerminalSupport, "the driver offers no TerminalSupport");
        TerminalSupport terminals = (TerminalSupport) driver;
        String name = uniqueName();
        InstanceInfo c = await(containers().defineContainer(ctx(), host, new VmSpec(name, 1, 64, null, null, null),
                shell("sleep 600", null)));
        try {
            assertThatThrownBy(() -> await(terminals.openTerminal(ctx(), host, c.backendId(), List.of("sh"), 80, 24,
                    b -> { }))).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
            await(driver.start(ctx(), host, c.backendId()));
            StringBuffer screen = new StringBuffer();
            TerminalSupport.Session session = await(terminals.openTerminal(ctx(), host, c.backendId(), List.of("sh"),
                    100, 30, b -> screen.append(new String(b, StandardCharsets.UTF_8))));
            try {
                session.write("echo contract-$((6*7))\n".getBytes(StandardCharsets.UTF_8));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!screen.toString().contains("contract-42") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(screen.toString()).contains("contract-42");
                session.write("stty size\n".getBytes(StandardCharsets.UTF_8));
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!screen.toString().contains("30 100") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(screen.toString()).as("the terminal has the size asked for").contains("30 100");
                session.write("exit\n".getBytes(StandardCharsets.UTF_8));
                session.closed().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } finally {
                session.close();
            }
        } finally {
            await(driver.undefine(ctx(), host, c.backendId()));
        }
    }
}
