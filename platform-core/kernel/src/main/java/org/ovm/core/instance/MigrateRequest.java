package org.ovm.core.instance;

/**
 * Body of {@code POST /instances/{id}/migrate}.
 *
 * @param hostId the host the instance moves to, or null to let placement choose another host of its cluster
 */
public record MigrateRequest(String hostId) {
}
