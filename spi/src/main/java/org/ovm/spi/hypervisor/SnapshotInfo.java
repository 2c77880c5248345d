package org.ovm.spi.hypervisor;

import java.time.Instant;

/**
 * A snapshot as the hypervisor reports it.
 *
 * @param name        unique per instance
 * @param description free text, or null
 * @param createdAt   when it was taken
 * @param state       the instance's power state it captured
 */
public record SnapshotInfo(String name, String description, Instant createdAt, PowerState state) {
}
