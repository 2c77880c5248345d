package org.ovm.spi.engine;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened in the engine (an audit record).
 *
 * @param id         event id
 * @param time       when
 * @param topic      e.g. {@code instance/started}, {@code host/state}
 * @param resourceId the resource concerned, or null
 * @param user       who caused it, {@code system} for the engine
 * @param message    human-readable line
 * @param attributes further data; never null
 */
public record EngineEvent(String id, Instant time, String topic, String resourceId, String user, String message,
        Map<String, String> attributes) {

    public EngineEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
