package org.ovm.core.host;

/**
 * A zone as clients see it; {@code defaultZone} marks the one zone where instance creates that
 * name no host, cluster or zone are placed.
 */
public record ZoneView(String id, String name, String description, boolean defaultZone, String createdAt) {
}
