package org.ovm.core.storage.internal;

import org.ovm.core.task.internal.TaskParams;

/** The parameters of the volume mobility tasks ({@link VolumeCopyOperations}). */
public final class MobilityParams {

    private MobilityParams() {
    }

    /**
     * {@code volume.copy}: the source, the copy's inventory row (written with the request) and the
     * disk GiB claimed for it against the VDC's quota.
     */
    public record VolumeCopy(String volumeId, String copyId, long quotaGiB) implements TaskParams {
    }

    /**
     * {@code volume.migrate}: the volume and the pool it moves to; {@code live} when its instance
     * runs (block copy on the instance's queue), otherwise an offline copy.
     */
    public record VolumeMigrate(String volumeId, String poolId, boolean live) implements TaskParams {
    }
}
