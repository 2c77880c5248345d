package org.ovm.rest.internal.resources;

import javax.ws.rs.DELETE;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.ovm.core.OvmException;
import org.ovm.core.auth.AuthService;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/auth")
@Tag(name = "auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AuthService auth;

    public AuthResource(AuthService auth) {
        this.auth = auth;
    }

    @POST
    @Path("/tokens")
    @Operation(summary = "Issue a bearer token for the authenticated user: valid 12 hours when logged in with a "
            + "password; asked with a bearer token, it expires when that one does. No body.",
            responses = {@ApiResponse(responseCode = "201", description = "the token"),
                @ApiResponse(responseCode = "400", description = "a body was sent")})
    public Response token(@Context SecurityContext security, @HeaderParam(HttpHeaders.AUTHORIZATION) String header,
            String body) {
        if (body != null && !body.isBlank() && !body.strip().equals("{}")) {
            throw OvmException.invalid(null, "POST /auth/tokens takes no body: the credentials are the request's "
                    + "Authorization header (Basic, or Bearer to renew)");
        }
        return Response.status(201).entity(auth.issueToken(Api.caller(security), bearer(header))).build();
    }

    @DELETE
    @Path("/tokens/current")
    @Operation(summary = "Log out: revoke the bearer token of this request",
            responses = {@ApiResponse(responseCode = "204", description = "revoked"),
                @ApiResponse(responseCode = "400", description = "the request was not made with a bearer token")})
    public Response logout(@Context SecurityContext security, @HeaderParam(HttpHeaders.AUTHORIZATION) String header) {
        String token = bearer(header);
        if (token == null) {
            throw OvmException.invalid(null, "logging out revokes the bearer token of the request: this one has none");
        }
        auth.revokeToken(Api.caller(security), token);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/tokens")
    @Operation(summary = "Revoke every token of the authenticated user (all their sessions)",
            responses = {@ApiResponse(responseCode = "200", description = "{revoked: n}")})
    public Response revokeAll(@Context SecurityContext security) {
        int revoked = auth.revokeTokens(Api.caller(security), null);
        return Response.ok(java.util.Map.of("revoked", revoked)).build();
    }

    /** The bearer token of an Authorization header, or null. */
    static String bearer(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }
}
