package org.ovm.rest.internal.providers;

import java.util.Locale;

import javax.ws.rs.core.Response;

import org.ovm.core.OvmError;

/** Builds problem+json responses. */
public final class Problems {

    private Problems() {
    }

    public static Response of(OvmError error, String field, String detail, String path) {
        return of(error, field, detail, path, null);
    }

    /** The same, telling a client refused with 429 how many seconds to wait ({@code Retry-After}). */
    public static Response of(OvmError error, String field, String detail, String path, Long retryAfterSeconds) {
        Problem problem = new Problem("urn:ovm:problem:" + error.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                error.title(), error.status(), detail, error.name(), field, path);
        Response.ResponseBuilder builder = Response.status(error.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (error == OvmError.UNAUTHENTICATED) {
            builder.header("WWW-Authenticate", "Basic realm=\"ovm\"");
            // its body was left unread (UnreadBody): the connection cannot carry another request
            builder.header(UnreadBody.CONNECTION, "close");
        }
        if (error.status() == 503) {
            builder.header("Retry-After", "5");
        }
        if (retryAfterSeconds != null) {
            builder.header("Retry-After", String.valueOf(retryAfterSeconds));
        }
        return builder.build();
    }
}
