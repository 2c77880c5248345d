package org.ovm.core.backup;

/**
 * A backup: a full, self-contained copy of a volume at one instant, a file in the backup pool.
 *
 * @param consistency {@code offline} (the volume was not in use), {@code quiesced} (the guest's file
 *                    systems were frozen for the instant) or {@code crash} (as a power cut would leave it)
 * @param state       {@code CREATING}, {@code READY}, {@code DELETING} or {@code ERROR}
 * @param scheduled   made by the instance's schedule (only those are pruned)
 * @param path        where the backup's file is (like a volume's path), null while it is being made
 */
public record BackupView(String id, String name, String volumeId, String volumeName, String instanceId, String vdcId,
        String poolId, String poolName, long sizeBytes, String format, String consistency, String state,
        boolean scheduled, String path, String createdAt) {
}
