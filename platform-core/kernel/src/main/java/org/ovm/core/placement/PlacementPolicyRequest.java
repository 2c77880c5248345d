package org.ovm.core.placement;

import java.util.List;
import java.util.Map;

/**
 * What an admin sends to create or replace a placement policy.
 *
 * @param name        unique; letters, digits, '.', '_' and '-'
 * @param description free text
 * @param filters     extra filters by {@code scheduler.plugin.name}, applied after the mandatory ones
 * @param scorers     scorer name to weight (1..100); at least one
 * @param parameters  {@code tieBreak} ({@code round-robin} or {@code name}) and plugin parameters
 */
public record PlacementPolicyRequest(String name, String description, List<String> filters,
        Map<String, Integer> scorers, Map<String, String> parameters) {
}
