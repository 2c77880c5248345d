package org.ovm.plugin.nfsstorage.internal;

import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.storage.PoolCapacity;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.SharedPoolSupport;
import org.ovm.spi.storage.StorageCapability;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;
import org.ovm.spi.storage.VolumeTransferSupport;

/**
 * Pools on an NFS export ({@code nfs://server/export/path}) that every KVM and ESXi host of a cluster uses at once.
 * The engine manages the volumes itself (qemu-img, nfs-ls, nfs-cp, libnfs: the engine mounts nothing); KVM hosts
 * attach them as QEMU network disks by their plain {@code nfs://} URL, ESXi hosts through a NAS datastore of the
 * pool's directory that the kernel has the ESXi driver mount ({@code NasMountSupport}). So attaching a pool to a
 * host checks only that the host can, and detaching it does nothing here. ESXi's disks are vmdk volumes
 * ({@link VmdkDescriptor}).
 */
public final class NfsStorageDriver implements StorageDriver, SharedPoolSupport, VolumeTransferSupport {

    private static final List<String> FORMATS = List.of("qcow2", "raw", "vmdk");
    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.\\d{1,3}){3}|\\[?::1]?",
            Pattern.CASE_INSENSITIVE);
    /** Where Debian's QEMU keeps its loadable block drivers; block-nfs.so comes with qemu-block-extra. */
    private static final Path QEMU_MODULES = Path.of("/usr/lib/x86_64-linux-gnu/qemu");

    private final NfsVolumes volumes;
    private final Path qemuModules;

    public NfsStorageDriver() {
        this(new NfsVolumes(new Commands(), loadOnce()), QEMU_MODULES);
    }

    NfsStorageDriver(NfsVolumes volumes, Path qemuModules) {
        this.volumes = volumes;
        this.qemuModules = qemuModules;
    }

    private static Supplier<LibNfs> loadOnce() {
        return new Supplier<>() {
            private volatile LibNfs loaded;

            @Override
            public LibNfs get() {
                LibNfs lib = loaded;
                if (lib == null) {
                    synchronized (this) {
                        if (loaded == null) {
                            loaded = LibNfs.load();
                        }
                        lib = loaded;
                    }
                }
                return lib;
            }
        };
    }

    @Override
    public String type() {
        return "nfs";
    }

    /** Shared by every host; linked clones whose backing file is a plain nfs:// URL (a guest reads through them). */
    @Override
    public Set<StorageCapability> capabilities() {
        return EnumSet.of(StorageCapability.SHARED, StorageCapability.LINKED_CLONE);
    }

    @Override
    public List<String> volumeFormats() {
        return FORMATS;
    }

    /**
     * Checks that the host can use the export and reports its capacity. A KVM host whose libvirt runs on the
     * engine's machine must have QEMU's NFS block driver (qemu-block-extra); of a remote KVM host only the
     * export is checked (the engine cannot look into it; a missing driver shows when the first guest starts).
     * An ESXi host is checked when it mounts the export (the kernel asks its driver). Docker and other hosts
     * cannot attach NFS pools ({@code UNSUPPORTED}). The pool directory is made when the server exports its
     * parent.
     */
    @Override
    public CompletionStage<PoolCapacity> attachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return async(ctx, () -> {
            NfsLocation location = NfsLocation.of(pool);
            checkHost(pool, host);
            return volumes.prepare(location, ctx.deadline());
        });
    }

    /** Nothing to undo on a host: it mounted nothing. */
    @Override
    public CompletionStage<Void> detachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<PoolCapacity> capacity(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return probe(ctx, pool);
    }

    @Override
    public CompletionStage<PoolCapacity> probe(OperationContext ctx, PoolSpec pool) {
        return async(ctx, () -> volumes.capacity(NfsLocation.of(pool), ctx.deadline()));
    }

    @Override
    public CompletionStage<VolumeInfo> createVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            VolumeSpec volume) {
        return async(ctx, () -> volumes.create(NfsLocation.of(pool), name(pool), volume,
                capabilities().contains(StorageCapability.LINKED_CLONE), ctx.deadline()));
    }

    @Override
    public CompletionStage<VolumeInfo> inspectVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name) {
        return async(ctx, () -> {
            NfsLocation location = NfsLocation.of(pool);
            VolumeInfo info = volumes.describe(location, NfsLocation.checkName(name), ctx.deadline());
            if (info.backingPath() == null) { // one with a backing file is refused by the kernel unopened
                volumes.checkIntegrity(info.path(), name, info.format(), ctx.deadline(), location.server());
            }
            return info;
        });
    }

    @Override
    public CompletionStage<VolumeInfo> uploadVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name, String format, long sizeBytes, InputStream data) {
        return async(ctx, () -> volumes.upload(NfsLocation.of(pool), name, format, sizeBytes, data, ctx.deadline()));
    }

    @Override
    public CompletionStage<Void> deleteVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String volumeName) {
        return async(ctx, () -> {
            volumes.delete(NfsLocation.of(pool), volumeName, ctx.deadline());
            return null;
        });
    }

    @Override
    public CompletionStage<VolumeInfo> resizeVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String volumeName, long newSizeBytes) {
        return async(ctx, () -> volumes.resize(NfsLocation.of(pool), NfsLocation.checkName(volumeName), newSizeBytes,
                ctx.deadline()));
    }

    /** The plain nfs:// URL: the engine reads every volume of the export directly. */
    @Override
    public CompletionStage<Optional<String>> readUrl(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String volumeName) {
        return async(ctx, () -> {
            NfsLocation location = NfsLocation.of(pool);
            if (!volumes.exists(location, NfsLocation.checkName(volumeName), ctx.deadline())) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no volume " + volumeName + " in " + location.url());
            }
            return Optional.of(location.volumeUrl(volumeName));
        });
    }

    @Override
    public CompletionStage<VolumeInfo> copyIn(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            VolumeSpec target, String sourceUrl, String sourceFormat, Progress progress) {
        return async(ctx, () -> volumes.copyIn(NfsLocation.of(pool), name(pool), target, sourceUrl, sourceFormat,
                progress == null ? Progress.NONE : progress, ctx.deadline()));
    }

    /**
     * KVM hosts (a {@code qemu…} libvirt URI) and ESXi hosts (an {@code https://…/sdk} URL: they mount the export
     * as a NAS datastore). A KVM host on this machine needs QEMU's nfs block driver: with Debian's module
     * directory present, {@code block-nfs.so} must be in it.
     */
    void checkHost(PoolSpec pool, HostEndpoint host) {
        String uri = host.uri();
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : "";
        if (isEsxi(uri)) {
            return;
        }
        if ("unix".equals(scheme) || "tcp".equals(scheme)) {
            throw new DriverException(ErrorCode.UNSUPPORTED, "Docker hosts cannot use NFS pools: containers have no "
                    + "disks; host " + host.hostId() + " (" + uri + ") cannot attach pool " + name(pool)
                    + " (attach it to KVM or ESXi hosts)");
        }
        if (!scheme.startsWith("qemu")) {
            throw new DriverException(ErrorCode.UNSUPPORTED, "NFS pools serve KVM and ESXi hosts only: host "
                    + host.hostId() + " (" + uri + ") cannot attach pool " + name(pool));
        }
        if (sameMachine(uri) && Files.isDirectory(qemuModules)
                && !Files.exists(qemuModules.resolve("block-nfs.so"))) {
            throw new DriverException(ErrorCode.UNSUPPORTED, "QEMU on host " + host.hostId() + " has no NFS driver ("
                    + qemuModules.resolve("block-nfs.so") + " is missing): install the Debian package "
                    + "qemu-block-extra there");
        }
    }

    /** Whether a host URI is an ESXi host's SDK endpoint ({@code https://host[:port][/sdk]}). */
    static boolean isEsxi(String uri) {
        try {
            URI parsed = new URI(uri);
            String path = parsed.getPath() == null ? "" : parsed.getPath();
            return "https".equalsIgnoreCase(parsed.getScheme()) && (path.isEmpty() || path.equals("/")
                    || path.equals("/sdk") || path.equals("/sdk/"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Whether a libvirt URI names this machine: no host, or a loopback one. Host names are not resolved. */
    static boolean sameMachine(String libvirtUri) {
        try {
            String host = new URI(libvirtUri).getHost();
            return host == null || host.isEmpty() || LOOPBACK.matcher(host).matches();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String name(PoolSpec pool) {
        return pool.name() == null ? pool.poolId() : pool.name();
    }

    private static <T> CompletionStage<T> async(OperationContext ctx, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, ctx.executor());
    }
}
