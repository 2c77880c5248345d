package org.ovm.core;

import java.util.List;

/** What {@code GET /health} answers without authentication. */
public record HealthView(String status, String version, List<String> plugins, String database) {
}
