package org.ovm.core.snapshot;

/** What a client sends to snapshot an instance. */
public record SnapshotRequest(String name, String description) {
}
