package org.ovm.spi.common;

import java.util.Objects;

/**
 * The one exception type a driver completes its stages with. It carries an {@link ErrorCode}
 * and whether repeating the same call later may succeed.
 */
public class DriverException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final boolean retryable;

    public DriverException(ErrorCode code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.retryable = retryable;
    }

    public DriverException(ErrorCode code, String message) {
        this(code, message, code == ErrorCode.UNREACHABLE || code == ErrorCode.TIMEOUT, null);
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
