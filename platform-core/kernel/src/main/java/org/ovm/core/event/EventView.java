package org.ovm.core.event;

/**
 * An audit event.
 *
 * @param id         the event's id
 * @param time       when it happened (ISO-8601, UTC)
 * @param topic      what happened ({@code user/created}, {@code auth/refused}, ...)
 * @param resourceId the resource it happened to, or null
 * @param user       who did it (a user name; {@code system} for the engine's own work)
 * @param source     where the actor called from: an IP address, {@code shell} or {@code engine}; null
 *                   for events recorded before sources were (changeset 16)
 * @param outcome    {@link Outcome} name; null for events recorded before outcomes were
 * @param vdcId      the VDC the event belongs to, or null (seen by admins only)
 * @param message    what happened, in words
 */
public record EventView(String id, String time, String topic, String resourceId, String user, String source,
        String outcome, String vdcId, String message) {

    /** An event without source, outcome and VDC (as before version 1.1 of this package). */
    public EventView(String id, String time, String topic, String resourceId, String user, String message) {
        this(id, time, topic, resourceId, user, null, null, null, message);
    }
}
