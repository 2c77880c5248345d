package org.ovm.core.backup;

/** {@code POST /volumes/{id}/backups} and {@code POST /instances/{id}/backups}: the backup pool (and a name for a volume's). */
public record BackupRequest(String poolId, String name) {
}
