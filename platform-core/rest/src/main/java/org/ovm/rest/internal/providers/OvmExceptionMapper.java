package org.ovm.rest.internal.providers;

import javax.ws.rs.core.Context;
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

    @Override
    public Response toResponse(OvmException e) {
        return Problems.of(e.error(), e.field(), e.getMessage(), uri == null ? null : "/api/v1/" + uri.getPath());
    }
}
