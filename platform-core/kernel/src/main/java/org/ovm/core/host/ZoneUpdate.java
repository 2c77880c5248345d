package org.ovm.core.host;

/**
 * What an admin sends to change a zone; omitted (null) fields keep their value.
 * {@code defaultZone: true} makes this zone the default (the one instance creates that name no
 * host, cluster or zone are placed in); {@code false} on the default zone is refused (409):
 * another zone is made the default instead.
 */
public record ZoneUpdate(String name, String description, Boolean defaultZone) {
}
