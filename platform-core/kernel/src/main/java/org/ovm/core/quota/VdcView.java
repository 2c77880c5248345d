package org.ovm.core.quota;

/** A virtual data center (tenant) as clients see it: its quota and exact usage. */
public record VdcView(String id, String name, String description, Quota quota, Usage usage, String createdAt) {
}
