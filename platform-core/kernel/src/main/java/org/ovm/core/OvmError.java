package org.ovm.core;

/** Every error the engine reports to a client, with the HTTP status the REST layer uses. */
public enum OvmError {
    INVALID_INPUT(400, "Invalid input"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    CONFLICT(409, "Conflict"),
    QUOTA_EXCEEDED(409, "Quota exceeded"),
    INSUFFICIENT_CAPACITY(409, "Insufficient capacity"),
    REQUEST_TIMEOUT(408, "Request timeout"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    BACKEND_FAILURE(502, "Backend failure"),
    DRIVER_UNAVAILABLE(503, "Driver unavailable"),
    BACKEND_UNREACHABLE(503, "Backend unreachable"),
    INVENTORY_BUSY(503, "Inventory busy"),
    INTERNAL(500, "Internal error");

    private final int status;
    private final String title;

    OvmError(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
