package org.ovm.plugin.nfsstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.storage.PoolSpec;

/**
 * The real NFS server of {@code ./ovm backends up} (nfs-ganesha + rpcbind on 127.0.0.1): its URI from
 * {@code NFS_URI}, a pool directory {@code i16-nfs} under it, and small command helpers.
 */
final class NfsBackend {

    /** The directory under the export the plugin's tests use. */
    static final String DIRECTORY = "i16-nfs";

    private NfsBackend() {
    }

    static String uri() {
        String uri = System.getenv("NFS_URI");
        if (uri == null || uri.isBlank()) {
            throw new IllegalStateException("NFS_URI is not set: start the real backends with './ovm backends up' "
                    + "and export the lines of './ovm backends env' (./ovm test does both)");
        }
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    static PoolSpec pool(String id) {
        return new PoolSpec(id, "nfs-it", uri() + "/" + DIRECTORY, Map.of());
    }

    /** A KVM host of this machine (never contacted: NFS volume work runs in the engine). */
    static HostEndpoint host() {
        String kvm = System.getenv("KVM_URI");
        return new HostEndpoint("i16-nfs-host", kvm == null || kvm.isBlank() ? "qemu:///system" : kvm, null, null,
                Map.of());
    }

    /** Runs a command (up to two minutes) and returns its output; fails on a non-zero exit. */
    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
