package org.ovm.core;

/** What a client sends to create a zone. */
public record ZoneRequest(String name, String description) {
}
