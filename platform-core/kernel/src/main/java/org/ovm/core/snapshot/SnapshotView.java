package org.ovm.core.snapshot;

/** A snapshot of an instance; {@code powerState} is the state a revert returns to. */
public record SnapshotView(String id, String instanceId, String name, String description, String powerState,
        String createdAt) {
}
