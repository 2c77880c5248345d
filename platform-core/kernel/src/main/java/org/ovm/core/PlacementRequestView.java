package org.ovm.core;

/** What a client sends to explain a placement: where, and how much. */
public record PlacementRequestView(String clusterId, Integer cpus, Long memoryMiB) {
}
