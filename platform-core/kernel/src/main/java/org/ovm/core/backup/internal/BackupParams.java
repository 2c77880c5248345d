package org.ovm.core.backup.internal;

import java.util.Arrays;
import java.util.List;

import org.ovm.core.task.internal.TaskParams;

/** The parameters of the backup tasks ({@link BackupOperations}). */
public final class BackupParams {

    private BackupParams() {
    }

    /**
     * {@code volume.backup} and {@code instance.backup}: the backups' rows written {@code CREATING}
     * with the request (ids joined by commas, in the order they are copied); {@code live} when the
     * instance runs (its hypervisor copies each disk), otherwise offline copies; {@code scheduled}
     * when the instance's schedule started it (then older scheduled backups are pruned after it).
     */
    public record Create(String backupIds, String instanceId, boolean live, boolean scheduled) implements TaskParams {

        public List<String> ids() {
            return Arrays.stream(backupIds.split(",")).filter(id -> !id.isBlank()).toList();
        }
    }

    /** {@code backup.delete}. */
    public record Delete(String backupId) implements TaskParams {
    }

    /**
     * {@code backup.restore}: into a new volume ({@code volumeId}, written {@code CREATING} with the
     * request, {@code quotaGiB} claimed) or over the original volume ({@code overwrite}; then
     * {@code tempName} is the file the backup is first copied to, next to it).
     */
    public record Restore(String backupId, String volumeId, boolean overwrite, long quotaGiB, String tempName)
            implements TaskParams {
    }
}
