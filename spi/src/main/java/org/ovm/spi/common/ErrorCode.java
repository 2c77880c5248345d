package org.ovm.spi.common;

/** Machine-readable reasons a driver call failed; the REST layer maps each to one status. */
public enum ErrorCode {
    /** The request itself is wrong (a value the backend refuses); the caller must change it. */
    INVALID,
    /** The named backend object does not exist. */
    NOT_FOUND,
    /** The backend object exists in a state that forbids the call, or a name is taken. */
    CONFLICT,
    /** The backend lacks room (memory, disk, addresses). */
    INSUFFICIENT_CAPACITY,
    /** The backend could not be reached or refused the connection; usually retryable. */
    UNREACHABLE,
    /** Credentials were refused by the backend. */
    UNAUTHORIZED,
    /** The deadline passed before the backend answered. */
    TIMEOUT,
    /** The driver does not support the call on this backend. */
    UNSUPPORTED,
    /** The backend failed in a way not covered above. */
    BACKEND_FAILURE
}
