package org.ovm.core;

/** An audit event. */
public record EventView(String id, String time, String topic, String resourceId, String user, String message) {
}
