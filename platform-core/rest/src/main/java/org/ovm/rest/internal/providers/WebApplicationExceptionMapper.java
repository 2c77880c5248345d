package org.ovm.rest.internal.providers;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

import org.ovm.core.OvmError;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Unknown paths, wrong methods and media types as problem+json instead of HTML. */
@Provider
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return new JsonExceptionMapper().toResponse(json);
        }
        Response bodyFailure = status == 500 ? BodyReadFailure.answer(e.getCause()) : null;
        if (bodyFailure != null) {
            return bodyFailure;
        }
        OvmError error = switch (status) {
            case 400 -> OvmError.INVALID_INPUT;
            case 401 -> OvmError.UNAUTHENTICATED;
            case 403 -> OvmError.FORBIDDEN;
            case 404 -> OvmError.NOT_FOUND;
            case 409 -> OvmError.CONFLICT;
            case 413 -> OvmError.PAYLOAD_TOO_LARGE;
            case 503 -> OvmError.DRIVER_UNAVAILABLE;
            default -> null;
        };
        String detail = switch (status) {
            case 404 -> "no such resource; see /api/v1/openapi.json for the API";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce the requested media type; ask for application/json";
            case 415 -> "unsupported media type; send application/json";
            default -> e.getMessage();
        };
        if (error == null) {
            Problem problem = new Problem("about:blank", e.getResponse() == null ? "Error"
                    : e.getResponse().getStatusInfo().getReasonPhrase(), status, detail, null, null, null);
            return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
        }
        return Problems.of(error, null, detail, null);
    }
}
