package org.ovm.plugin.simulator.internal;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.storage.PoolCapacity;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.StorageCapability;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;

/** An in-memory storage driver: pools of a fixed size holding thin volumes. */
public final class SimulatorStorageDriver implements StorageDriver {

    static final long POOL_BYTES = 10L * 1024 * 1024 * 1024 * 1024;

    private final FaultInjector faults;
    private final Map<String, Map<String, VolumeInfo>> pools = new ConcurrentHashMap<>();

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

    @Override
    public CompletionStage<VolumeInfo> uploadVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name, long sizeBytes, java.io.InputStream data) {
        return faults.call("uploadVolume", ctx, host, () -> {
            try {
                long read = data.transferTo(java.io.OutputStream.nullOutputStream());
                VolumeInfo info = new VolumeInfo(name, "sim://" + pool.poolId() + "/" + name, "raw", read, read, null);
                if (volumes(pool).putIfAbsent(name, info) != null) {
                    throw new DriverException(ErrorCode.CONFLICT, "volume " + name + " exists");
                }
                return info;
            } catch (java.io.IOException e) {
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

    private Map<String, VolumeInfo> volumes(PoolSpec pool) {
        return pools.computeIfAbsent(pool.poolId(), k -> new ConcurrentHashMap<>());
    }

    private PoolCapacity capacityOf(PoolSpec pool) {
        long used = volumes(pool).values().stream().mapToLong(VolumeInfo::allocatedBytes).sum();
        return new PoolCapacity(POOL_BYTES, POOL_BYTES - used);
    }
}
