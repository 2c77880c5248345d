package org.ovm.core.storage.internal;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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

/**
 * A storage driver for the kernel's tests that cannot copy volumes between pools: keeps each pool's
 * volumes in memory and fails the operations a test names in {@link #failing}.
 */
public class FakeMemoryStorage implements StorageDriver {

    /** Volumes by pool id, then name. */
    public final Map<String, Map<String, VolumeInfo>> volumes = new ConcurrentHashMap<>();
    /** Operations that fail: {@code createVolume}, {@code deleteVolume}, {@code copyIn}, ... */
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final String type;

    public FakeMemoryStorage(String type) {
        this.type = type;
    }

    public Map<String, VolumeInfo> pool(String poolId) {
        return volumes.computeIfAbsent(poolId, p -> new ConcurrentHashMap<>());
    }

    public static String path(PoolSpec pool, String name) {
        return "/pools/" + pool.name() + "/" + name;
    }

    protected void check(String operation) {
        if (failing.contains(operation)) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, operation + " failed (test)");
        }
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return Set.of();
    }

    @Override
    public List<String> volumeFormats() {
        return List.of("qcow2", "raw");
    }

    @Override
    public CompletionStage<PoolCapacity> attachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return CompletableFuture.completedFuture(new PoolCapacity(100L << 30, 50L << 30));
    }

    @Override
    public CompletionStage<Void> detachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<PoolCapacity> capacity(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return attachPool(ctx, pool, host);
    }

    @Override
    public CompletionStage<VolumeInfo> createVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            VolumeSpec volume) {
        return CompletableFuture.supplyAsync(() -> {
            check("createVolume");
            VolumeInfo info = new VolumeInfo(volume.name(), path(pool, volume.name()), volume.format(),
                    volume.sizeBytes(), 0, null);
            if (pool(pool.poolId()).putIfAbsent(volume.name(), info) != null) {
                throw new DriverException(ErrorCode.CONFLICT, volume.name() + " exists");
            }
            return info;
        });
    }

    @Override
    public CompletionStage<VolumeInfo> inspectVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name) {
        VolumeInfo info = pool(pool.poolId()).get(name);
        return info == null ? CompletableFuture.failedFuture(new DriverException(ErrorCode.NOT_FOUND, name))
                : CompletableFuture.completedFuture(info);
    }

    @Override
    public CompletionStage<VolumeInfo> uploadVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name, String format, long sizeBytes, InputStream data) {
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "no uploads"));
    }

    @Override
    public CompletionStage<Void> deleteVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String volumeName) {
        return CompletableFuture.runAsync(() -> {
            check("deleteVolume");
            pool(pool.poolId()).remove(volumeName);
        });
    }

    @Override
    public CompletionStage<VolumeInfo> resizeVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String volumeName, long newSizeBytes) {
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "no resize"));
    }
}
