package org.ovm.core.host;

/** What a client sends to create a zone. */
public record ZoneRequest(String name, String description) {
}
