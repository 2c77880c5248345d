package org.ovm.core;

/**
 * The one exception type of the engine's API. Carries an {@link OvmError}, the offending field
 * (for input errors) and a detail that tells the user what to do.
 */
public class OvmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final OvmError error;
    private final String field;
    private Long retryAfterSeconds;

    public OvmException(OvmError error, String field, String detail) {
        super(detail);
        this.error = error;
        this.field = field;
    }

    public OvmException(OvmError error, String detail) {
        this(error, null, detail);
    }

    public static OvmException invalid(String field, String detail) {
        return new OvmException(OvmError.INVALID_INPUT, field, detail);
    }

    public static OvmException notFound(String kind, String id) {
        return new OvmException(OvmError.NOT_FOUND, null, kind + " " + id + " does not exist");
    }

    public static OvmException conflict(String field, String detail) {
        return new OvmException(OvmError.CONFLICT, field, detail);
    }

    public static OvmException forbidden(String detail) {
        return new OvmException(OvmError.FORBIDDEN, null, detail);
    }

    /** 429: the caller must wait {@code retryAfterSeconds} (at least 1) before trying again. */
    public static OvmException tooManyRequests(String detail, long retryAfterSeconds) {
        OvmException e = new OvmException(OvmError.TOO_MANY_REQUESTS, null, detail);
        e.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        return e;
    }

    /** Seconds the caller should wait before retrying (a 429), or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public OvmError error() {
        return error;
    }

    /** The request field the error is about, or null. */
    public String field() {
        return field;
    }
}
