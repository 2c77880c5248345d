package org.ovm.core;

/** A virtual data center (tenant) as clients see it. Quotas and usage arrive with placement (issue 4). */
public record VdcView(String id, String name, String description, String createdAt) {
}
