package org.ovm.core.event;

/** An audit event. */
public record EventView(String id, String time, String topic, String resourceId, String user, String message) {
}
