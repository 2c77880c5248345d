package org.ovm.core.backup.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.core.storage.internal.FakeMovingHypervisor;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.hypervisor.DiskBackupSupport;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.PowerState;

/** A {@link FakeMovingHypervisor} that backs up running instances' disks ({@code backupDisk} fails on demand). */
class FakeBackupHypervisor extends FakeMovingHypervisor implements DiskBackupSupport {

    @Override
    public CompletionStage<String> backupDisk(OperationContext ctx, HostEndpoint host, String backendId,
            String fromPath, DiskSpec to, Progress progress) {
        return CompletableFuture.supplyAsync(() -> {
            calls.add("backupDisk " + fromPath + "->" + to.volumePath());
            if (failing.contains("backupDisk")) {
                throw new DriverException(ErrorCode.BACKEND_FAILURE, "backupDisk failed (test)");
            }
            if (power.get(backendId) != PowerState.RUNNING) {
                throw new DriverException(ErrorCode.CONFLICT, backendId + " does not run");
            }
            progress.report(100, "copied");
            return QUIESCED;
        });
    }
}
