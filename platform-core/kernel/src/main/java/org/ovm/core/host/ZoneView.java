package org.ovm.core.host;

/** A zone as clients see it. */
public record ZoneView(String id, String name, String description, String createdAt) {
}
