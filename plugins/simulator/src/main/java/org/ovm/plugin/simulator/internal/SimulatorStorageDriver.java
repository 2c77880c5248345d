package org.ovm.plugin.simulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

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
 * An in-memory storage driver: pools holding thin volumes, 10 TiB each unless the pool uri says
 * {@code ?totalGiB=N}. Every pool is shared ({@link SharedPoolSupport}): its probe fails
 * {@code UNREACHABLE} while the file named by the uri's {@code down} parameter exists
 * ({@code sim://shared/nfs1?down=/tmp/nfs1.down}: tests create the file to take the pool away and
 * delete it to bring it back), or when a fault is injected for operation {@code probePool}.
 * Volumes copy between simulated pools ({@link VolumeTransferSupport}): the engine "reads" a volume
 * at its {@code sim://<pool>/<name>} path, and {@code copyIn} records where each copy came from.
 */
public final class SimulatorStorageDriver implements StorageDriver, SharedPoolSupport, VolumeTransferSupport {

    static final long POOL_BYTES = 10L * 1024 * 1024 * 1024 * 1024;
    private static final long GIB = 1024L * 1024 * 1024;

    private final FaultInjector faults;
    private final Map<String, Map<String, VolumeInfo>> pools = new ConcurrentHashMap<>();
    /** Each copy's path and the URL it was copied from (what {@code copyIn} wrote). */
    private final Map<String, String> copies = new ConcurrentHashMap<>();

    public SimulatorStorageDriver(FaultInjector faults) {
        this.faults = faults;
        faults.attach(this);
    }

    int volumeCount(String poolId) {
        return pools.getOrDefault(poolId, Map.of()).size();
    }

    @Override
    public String type() {
        return SimulatorHypervisorDriver.TYPE_NAME;
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return EnumSet.of(StorageCapability.LINKED_CLONE, StorageCapability.SHARED);
    }

    @Override
    public List<String> volumeFormats() {
        return List.of("qcow2", "raw");
    }

    @Override
    public CompletionStage<PoolCapacity> attachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return faults.call("attachPool", ctx, host, () -> capacityOf(pool));
    }

    @Override
    public CompletionStage<Void> detachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return faults.call("detachPool", ctx, host, () -> {
            pools.remove(pool.poolId());
            return null;
        });
    }

    @Override
    public CompletionStage<PoolCapacity> capacity(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return faults.call("capacity", ctx, host, () -> capacityOf(pool));
    }

    @Override
    public CompletionStage<VolumeInfo> createVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            VolumeSpec volume) {
        return faults.call("createVolume", ctx, host, () -> {
            Map<String, VolumeInfo> volumes = volumes(pool);
            VolumeInfo info = new VolumeInfo(volume.name(), "sim://" + pool.poolId() + "/" + volume.name(),
                    volume.format() == null ? "qcow2" : volume.format(), volume.sizeBytes(), 0,
                    volume.linkedClone() ? volume.backingPath() : null);
            if (volumes.putIfAbsent(volume.name(), info) != null) {
                throw new DriverException(ErrorCode.CONFLICT, "volume " + volume.name() + " exists");
            }
            return info;
        });
    }

    @Override
    public CompletionStage<VolumeInfo> inspectVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name) {
        return faults.call("inspectVolume", ctx, host, () -> {
            VolumeInfo info = volumes(pool).get(name);
            if (info == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no volume " + name);
            }
            return info;
        });
    }

    /** Where an ISO 9660 image says {@code CD001}. */
    private static final int ISO_MAGIC_AT = 32 * 1024 + 1;

    /** The simulator's stand-in for a real driver's header check: magic numbers only. */
    private void checkHeader(String format, byte[] header) {
        boolean qcow2 = header.length >= 4 && header[0] == 'Q' && header[1] == 'F' && header[2] == 'I'
                && header[3] == (byte) 0xfb;
        boolean iso = header.length >= ISO_MAGIC_AT + 5 && "CD001".equals(new String(header, ISO_MAGIC_AT, 5,
                StandardCharsets.US_ASCII));
        boolean fits = switch (format) {
            case "qcow2" -> qcow2;
            case "raw" -> !qcow2;
            case "iso" -> iso;
            default -> false;
        };
        if (!fits) {
            throw new DriverException(ErrorCode.INVALID, "the file is not a " + format + " image");
        }
    }

    @Override
    public CompletionStage<VolumeInfo> uploadVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name, String format, long sizeBytes, InputStream data) {
        return faults.call("uploadVolume", ctx, host, () -> {
            try {
                byte[] header = data.readNBytes(ISO_MAGIC_AT + 5);
                checkHeader(format, header);
                long read = header.length + data.transferTo(OutputStream.nullOutputStream());
                VolumeInfo info = new VolumeInfo(name, "sim://" + pool.poolId() + "/" + name,
                        "iso".equals(format) ? "raw" : format, read, read, null);
                if (volumes(pool).putIfAbsent(name, info) != null) {
                    throw new DriverException(ErrorCode.CONFLICT, "volume " + name + " exists");
                }
                return info;
            } catch (IOException e) {
                throw new DriverException(ErrorCode.INVALID, "upload broke off: " + e.getMessage());
            }
        });
    }

    @Override
    public CompletionStage<Void> deleteVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host, String name) {
        return faults.call("deleteVolume", ctx, host, () -> {
            volumes(pool).remove(name);
            return null;
        });
    }

    @Override
    public CompletionStage<VolumeInfo> resizeVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name, long newSizeBytes) {
        return faults.call("resizeVolume", ctx, host, () -> {
            VolumeInfo current = volumes(pool).get(name);
            if (current == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no volume " + name);
            }
            if (newSizeBytes < current.sizeBytes()) {
                throw new DriverException(ErrorCode.INVALID, "volumes can only grow");
            }
            VolumeInfo next = new VolumeInfo(name, current.path(), current.format(), newSizeBytes,
                    current.allocatedBytes(), current.backingPath());
            volumes(pool).put(name, next);
            return next;
        });
    }

    /** The URL the volume at {@code path} was copied from, if {@code copyIn} wrote it. */
    String copiedFrom(String path) {
        return copies.get(path);
    }

    @Override
    public CompletionStage<Optional<String>> readUrl(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String volumeName) {
        return faults.call("readUrl", ctx, host, () -> {
            VolumeInfo info = volumes(pool).get(volumeName);
            if (info == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no volume " + volumeName);
            }
            return Optional.of(info.path());
        });
    }

    @Override
    public CompletionStage<VolumeInfo> copyIn(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            VolumeSpec target, String sourceUrl, String sourceFormat, Progress progress) {
        return faults.call("copyIn", ctx, host, () -> {
            VolumeInfo source = find(sourceUrl);
            if (source == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "nothing to copy at " + sourceUrl);
            }
            progress.report(50, "copying " + sourceUrl);
            String path = "sim://" + pool.poolId() + "/" + target.name();
            VolumeInfo copy = new VolumeInfo(target.name(), path, target.format() == null ? sourceFormat
                    : target.format(), target.sizeBytes(), source.allocatedBytes(), null);
            if (volumes(pool).putIfAbsent(target.name(), copy) != null) {
                throw new DriverException(ErrorCode.CONFLICT, "volume " + target.name() + " exists");
            }
            copies.put(path, sourceUrl);
            progress.report(100, "copied " + sourceUrl);
            return copy;
        });
    }

    /** The volume at a {@code sim://<pool>/<name>} URL, or null. */
    private VolumeInfo find(String url) {
        if (url == null || !url.startsWith("sim://")) {
            return null;
        }
        String rest = url.substring("sim://".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return null;
        }
        return pools.getOrDefault(rest.substring(0, slash), Map.of()).get(rest.substring(slash + 1));
    }

    private Map<String, VolumeInfo> volumes(PoolSpec pool) {
        return pools.computeIfAbsent(pool.poolId(), k -> new ConcurrentHashMap<>());
    }

    @Override
    public CompletionStage<PoolCapacity> probe(OperationContext ctx, PoolSpec pool) {
        return faults.call("probePool", ctx, null, () -> {
            String down = query(pool.uri()).get("down");
            if (down != null && Files.exists(Path.of(down))) {
                throw new DriverException(ErrorCode.UNREACHABLE, "simulated storage server of " + pool.uri()
                        + " does not answer (" + down + " exists)");
            }
            return capacityOf(pool);
        });
    }

    private PoolCapacity capacityOf(PoolSpec pool) {
        long used = volumes(pool).values().stream().mapToLong(VolumeInfo::allocatedBytes).sum();
        String totalGiB = query(pool.uri()).get("totalGiB");
        long total = totalGiB == null ? POOL_BYTES : Long.parseLong(totalGiB) * GIB;
        return new PoolCapacity(total, Math.max(0, total - used));
    }

    /** The uri's query parameters ({@code down}, {@code totalGiB}). */
    static Map<String, String> query(String uri) {
        Map<String, String> params = new HashMap<>();
        String query;
        try {
            query = URI.create(uri).getQuery();
        } catch (IllegalArgumentException e) {
            return params;
        }
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && (kv[0].equals("down") || kv[0].equals("totalGiB") && kv[1].matches("\\d{1,9}"))) {
                    params.put(kv[0], kv[1]);
                }
            }
        }
        return params;
    }
}
