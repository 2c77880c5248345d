package org.ovm.rest.internal.providers;

import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.event.EventService;

/**
 * Maps the engine's errors to problem+json with the status their code says. A refusal (403) of an
 * authenticated caller is recorded in the audit log here, the one place every refusal passes
 * ({@code auth/refused}, outcome {@code REFUSED}, with the caller's name and address).
 */
@Provider
public final class OvmExceptionMapper implements ExceptionMapper<OvmException> {

    private final EventService events;

    @Context
    private UriInfo uri;

    @Context
    private HttpHeaders headers;

    @Context
    private Request request;

    @Context
    private SecurityContext security;

    /** A mapper that records no refusals (tests). */
    public OvmExceptionMapper() {
        this(null);
    }

    public OvmExceptionMapper(EventService events) {
        this.events = events;
    }

    @Override
    public Response toResponse(OvmException e) {
        String path = uri == null ? null : "/api/v1/" + uri.getPath();
        if (e.error() == OvmError.FORBIDDEN) {
            recordRefusal(path, e.getMessage());
        }
        Response response = Problems.of(e.error(), e.field(), e.getMessage(), path, e.retryAfterSeconds());
        if (headers != null && "XMLHttpRequest".equals(headers.getHeaderString("X-Requested-With"))) {
            // the portal shows its own login form: no browser password dialog for a 401
            response.getHeaders().remove("WWW-Authenticate");
        }
        return response;
    }

    private void recordRefusal(String path, String reason) {
        if (events != null && security != null && security.getUserPrincipal() instanceof CallerPrincipal principal) {
            events.recordRefusal(principal.caller(), (request == null ? "" : request.getMethod() + " ")
                    + (path == null ? "" : path.replace("/api/v1//", "/api/v1/")), reason);
        }
    }
}
