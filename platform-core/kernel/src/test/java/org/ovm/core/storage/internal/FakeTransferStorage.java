package org.ovm.core.storage.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;
import org.ovm.spi.storage.VolumeTransferSupport;

/**
 * A {@link FakeMemoryStorage} that copies volumes: {@code readUrl} answers {@code fake://<pool>/<name>}
 * (empty when {@code readUrl} is failing), {@code copyIn} records the URL, reports progress and
 * writes the volume (nothing when {@code copyIn} fails; {@code copyIn-unsupported} fails with
 * {@code UNSUPPORTED}).
 */
public class FakeTransferStorage extends FakeMemoryStorage implements VolumeTransferSupport {

    /** The source URLs copied in, in order. */
    public final List<String> copiedFrom = new CopyOnWriteArrayList<>();
    /** Runs while a copy is written (a test's concurrent change). */
    public volatile Runnable duringCopy = () -> {
    };

    public FakeTransferStorage(String type) {
        super(type);
    }

    @Override
    public CompletionStage<Optional<String>> readUrl(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String volumeName) {
        if (!pool(pool.poolId()).containsKey(volumeName)) {
            return CompletableFuture.failedFuture(new DriverException(ErrorCode.NOT_FOUND, volumeName));
        }
        return CompletableFuture.completedFuture(failing.contains("readUrl") ? Optional.empty()
                : Optional.of("fake://" + pool.name() + "/" + volumeName));
    }

    @Override
    public CompletionStage<VolumeInfo> copyIn(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            VolumeSpec target, String sourceUrl, String sourceFormat, Progress progress) {
        return CompletableFuture.supplyAsync(() -> {
            if (failing.contains("copyIn-unsupported")) {
                throw new DriverException(ErrorCode.UNSUPPORTED, "pool " + pool.name() + " is on a remote host");
            }
            check("copyIn");
            if (pool(pool.poolId()).containsKey(target.name())) {
                throw new DriverException(ErrorCode.CONFLICT, target.name() + " exists");
            }
            copiedFrom.add(sourceUrl);
            duringCopy.run();
            progress.report(50, "half way");
            VolumeInfo info = new VolumeInfo(target.name(), path(pool, target.name()), target.format(),
                    target.sizeBytes(), 0, null);
            pool(pool.poolId()).put(target.name(), info);
            return info;
        });
    }
}
