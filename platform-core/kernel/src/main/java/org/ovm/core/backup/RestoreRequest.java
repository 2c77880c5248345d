package org.ovm.core.backup;

/**
 * {@code POST /backups/{id}/restore}: {@code mode} {@code new} (a new detached volume in
 * {@code poolId}, named {@code name} or after the backup) or {@code overwrite} (over the original
 * volume, which must be detached or its instance stopped).
 */
public record RestoreRequest(String mode, String poolId, String name) {
}
