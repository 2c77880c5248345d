package org.ovm.rest.internal.providers;

import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

import org.ovm.core.OvmException;

/** Maps the engine's errors to problem+json with the status their code says. */
@Provider
public final class OvmExceptionMapper implements ExceptionMapper<OvmException> {

    @Context
    private UriInfo uri;

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(OvmException e) {
        Response response = Problems.of(e.error(), e.field(), e.getMessage(), uri == null ? null
                : "/api/v1/" + uri.getPath(), e.retryAfterSeconds());
        if (headers != null && "XMLHttpRequest".equals(headers.getHeaderString("X-Requested-With"))) {
            // the portal shows its own login form: no browser password dialog for a 401
            response.getHeaders().remove("WWW-Authenticate");
        }
        return response;
    }
}
