package org.ovm.core.task.internal;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/** Turns whatever a step failed with into a message and an {@link OvmError}. */
public final class Failures {

    private Failures() {
    }

    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    public static String message(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof TimeoutException) {
            return "timed out";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public static OvmError code(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof OvmException ovm) {
            return ovm.error();
        }
        if (t instanceof DriverException driver) {
            return fromDriver(driver.code());
        }
        if (t instanceof TimeoutException) {
            return OvmError.BACKEND_UNREACHABLE;
        }
        return OvmError.INTERNAL;
    }

    /**
     * Waits for a backend call that answers an API request directly, turning its failure into the
     * matching API error, and a wait longer than {@code timeout} into {@code BACKEND_UNREACHABLE}.
     */
    public static <T> T await(CompletionStage<T> stage, Duration timeout) {
        try {
            return stage.toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new OvmException(code(e), message(e));
        } catch (TimeoutException e) {
            throw new OvmException(OvmError.BACKEND_UNREACHABLE, "the host did not answer within "
                    + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvmException(OvmError.INTERNAL, "interrupted");
        }
    }

    public static OvmError fromDriver(ErrorCode code) {
        return switch (code) {
            case INVALID, UNSUPPORTED -> OvmError.INVALID_INPUT;
            case NOT_FOUND -> OvmError.NOT_FOUND;
            case CONFLICT -> OvmError.CONFLICT;
            case INSUFFICIENT_CAPACITY -> OvmError.INSUFFICIENT_CAPACITY;
            case UNREACHABLE, TIMEOUT -> OvmError.BACKEND_UNREACHABLE;
            case UNAUTHORIZED, BACKEND_FAILURE -> OvmError.BACKEND_FAILURE;
        };
    }
}
