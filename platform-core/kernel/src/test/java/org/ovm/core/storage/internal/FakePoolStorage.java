package org.ovm.core.storage.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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
 * A storage driver for kernel tests: pools of {@link #totalBytes}, attach refused on the hosts in
 * {@link #refused}, capacity reads failing on the hosts in {@link #unreachableFrom}; every call is
 * recorded as {@code operation:hostId}.
 */
class FakePoolStorage implements StorageDriver {

    final Set<String> refused = ConcurrentHashMap.newKeySet();
    final Set<String> unreachableFrom = ConcurrentHashMap.newKeySet();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile long totalBytes = 10L << 30;
    private final String type;
    private final boolean shared;

    FakePoolStorage(String type, boolean shared) {
        this.type = type;
        this.shared = shared;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return shared ? EnumSet.of(StorageCapability.SHARED) : EnumSet.noneOf(StorageCapability.class);
    }

    @Override
    public List<String> volumeFormats() {
        return List.of("qcow2");
    }

    PoolCapacity capacity() {
        return new PoolCapacity(totalBytes, totalBytes);
    }

    @Override
    public CompletionStage<PoolCapacity> attachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        calls.add("attachPool:" + host.hostId());
        if (refused.contains(host.hostId())) {
            return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "host " + host.hostId()
                    + " lacks qemu-block-extra"));
        }
        return CompletableFuture.completedFuture(capacity());
    }

    @Override
    public CompletionStage<Void> detachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        calls.add("detachPool:" + host.hostId());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<PoolCapacity> capacity(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        calls.add("capacity:" + host.hostId());
        if (unreachableFrom.contains(host.hostId())) {
            return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNREACHABLE, "pool directory gone"));
        }
        return CompletableFuture.completedFuture(capacity());
    }

    @Override
    public CompletionStage<VolumeInfo> createVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            VolumeSpec volume) {
        calls.add("createVolume:" + host.hostId());
        return CompletableFuture.completedFuture(new VolumeInfo(volume.name(), "fake://" + pool.poolId() + "/"
                + volume.name(), volume.format(), volume.sizeBytes(), 0, null));
    }

    @Override
    public CompletionStage<VolumeInfo> inspectVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name) {
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.NOT_FOUND, name));
    }

    @Override
    public CompletionStage<VolumeInfo> uploadVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name, String format, long sizeBytes, java.io.InputStream data) {
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "no uploads"));
    }

    @Override
    public CompletionStage<Void> deleteVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host, String name) {
        calls.add("deleteVolume:" + host.hostId());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<VolumeInfo> resizeVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name, long newSizeBytes) {
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "no resize"));
    }

    /** The shared kind: its own probe fails while {@link #down} holds a reason. */
    static final class Shared extends FakePoolStorage implements org.ovm.spi.storage.SharedPoolSupport {

        volatile String down;

        Shared(String type) {
            super(type, true);
        }

        @Override
        public CompletionStage<PoolCapacity> probe(OperationContext ctx, PoolSpec pool) {
            calls.add("probe");
            String reason = down;
            return reason == null ? CompletableFuture.completedFuture(capacity())
                    : CompletableFuture.failedFuture(new DriverException(ErrorCode.UNREACHABLE, reason));
        }
    }
}
