package org.ovm.core;

/** What a client sends to snapshot an instance. */
public record SnapshotRequest(String name, String description) {
}
