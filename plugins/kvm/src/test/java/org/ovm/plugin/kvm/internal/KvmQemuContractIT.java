package org.ovm.plugin.kvm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HostFacts;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.VmSpec;
import org.ovm.spi.testkit.HypervisorDriverContract;

/**
 * The KVM driver keeps the hypervisor contract against a real libvirtd running real QEMU guests
 * (software emulation: domain type {@code qemu}, set as a host setting). Needs the backends of
 * {@code ./ovm backends up}; the tiny guest is built by {@code scripts/tiny-guest.sh}.
 */
class KvmQemuContractIT extends HypervisorDriverContract {

    static String kvmUri() {
        String uri = System.getenv("KVM_URI");
        if (uri == null || uri.isBlank()) {
            throw new IllegalStateException("KVM_URI is not set: start the real backends with './ovm backends up' "
                    + "and export the lines of './ovm backends env' (./ovm test does both)");
        }
        return uri;
    }

    /**
     * The tiny guest's kernel and initrd, built once from Debian packages into a directory QEMU
     * (which runs as another user) can reach whatever the checkout's permissions.
     */
    static Path tinyGuest() throws Exception {
        Path repo = Paths.get(System.getProperty("ovm.repo", "../..")).toAbsolutePath().normalize();
        Path guest = Paths.get("/var/lib/ovm-it/guest");
        Path initrd = guest.resolve("initrd.img");
        Path script = repo.resolve("scripts/tiny-guest.sh");
        // rebuilt when the script changed since (like the system tests' TinyGuest)
        if (!Files.exists(initrd)
                || Files.getLastModifiedTime(script).compareTo(Files.getLastModifiedTime(initrd)) > 0) {
            Process build = new ProcessBuilder(script.toString(), guest.toString())
                    .redirectErrorStream(true).start();
            String out = new String(build.getInputStream().readAllBytes());
            if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
                throw new IllegalStateException("scripts/tiny-guest.sh failed: " + out);
            }
        }
        return guest;
    }

    @Override
    protected HypervisorDriver createDriver() {
        return new KvmHypervisorDriver();
    }

    @Override
    protected HostEndpoint host() {
        return new HostEndpoint("qemu-host", kvmUri(), null, null, Map.of("domainType", "qemu"));
    }

    @Override
    protected VmSpec tinySpec(String name) throws Exception {
        Path guest = tinyGuest();
        return new VmSpec(name, 1, 128, List.of(), List.of(), Map.of("kernel", guest.resolve("vmlinuz").toString(),
                "initrd", guest.resolve("initrd.img").toString(), "cmdline", "console=ttyS0 quiet"));
    }

    @Test
    void probeReportsTheRealHostAndTheChosenDomainType() {
        HostFacts facts = await(createDriver().probe(ctx(), host()));
        assertThat(facts.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(facts.hypervisorVersion()).startsWith("QEMU ");
        assertThat(facts.details()).containsEntry("domainType", "qemu").containsKey("libvirtVersion");
        assertThat(facts.details().get("domainTypes")).contains("qemu");
    }
}
