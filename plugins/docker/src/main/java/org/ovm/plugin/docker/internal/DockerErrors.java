package org.ovm.plugin.docker.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLException;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.exception.UnauthorizedException;

/** Engine failures in the SPI's terms, with the engine's own message. */
final class DockerErrors {

    private DockerErrors() {
    }

    /** The failure as a {@link DriverException}; {@code what} says what was being done. */
    static DriverException translate(String what, Throwable failure) {
        Throwable e = failure;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof DriverException d) {
            return d;
        }
        String prefix = what + ": ";
        if (e instanceof NotFoundException) {
            return new DriverException(ErrorCode.NOT_FOUND, prefix + engineMessage(e), false, e);
        }
        if (e instanceof ConflictException) {
            return new DriverException(ErrorCode.CONFLICT, prefix + engineMessage(e), false, e);
        }
        if (e instanceof UnauthorizedException) {
            return new DriverException(ErrorCode.UNAUTHORIZED, prefix + engineMessage(e), false, e);
        }
        if (e instanceof BadRequestException) {
            return new DriverException(ErrorCode.INVALID, prefix + engineMessage(e), false, e);
        }
        if (e instanceof DockerException) {
            return new DriverException(ErrorCode.BACKEND_FAILURE, prefix + engineMessage(e), false, e);
        }
        SSLException tls = cause(e, SSLException.class);
        if (tls != null) {
            return new DriverException(ErrorCode.UNAUTHORIZED, prefix + "TLS handshake with the engine failed ("
                    + tls.getMessage() + "): check the host's tlsCa, tlsCert and tlsKey", false, e);
        }
        if (cause(e, SocketTimeoutException.class) != null) {
            return new DriverException(ErrorCode.TIMEOUT, prefix + "the engine did not answer in time", true, e);
        }
        IOException io = cause(e, IOException.class);
        if (io != null || cause(e, ConnectException.class) != null) {
            // the transport names a unix socket "localhost:2375"
            String why = String.valueOf((io == null ? e : io).getMessage()).replace("localhost:2375", "the engine");
            return new DriverException(ErrorCode.UNREACHABLE, prefix + "cannot reach the engine (" + why + ")", true,
                    e);
        }
        return new DriverException(ErrorCode.BACKEND_FAILURE, prefix + e, false, e);
    }

    /** Whether the engine said the call changed nothing (already started, already stopped). */
    static boolean notModified(Throwable failure) {
        return cause(failure, NotModifiedException.class) != null;
    }

    static boolean notFound(Throwable failure) {
        return cause(failure, NotFoundException.class) != null;
    }

    /** The engine's JSON {@code message} when it sent one, else the exception's message. */
    private static String engineMessage(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int i = m.indexOf("{\"message\":\"");
        if (i >= 0) {
            int end = m.indexOf("\"}", i);
            return m.substring(i + 12, end > i ? end : m.length()).replace("\\\"", "\"");
        }
        return m.replaceFirst("^Status \\d+: ", "").trim();
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
