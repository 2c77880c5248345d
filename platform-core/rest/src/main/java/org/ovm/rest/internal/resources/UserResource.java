package org.ovm.rest.internal.resources;

import java.net.URI;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.ovm.core.IdempotencyService;
import org.ovm.core.OvmException;
import org.ovm.core.auth.AuthService;
import org.ovm.core.auth.PasswordChange;
import org.ovm.core.auth.UserRequest;
import org.ovm.core.auth.UserUpdate;
import org.ovm.core.auth.UserView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/users")
@Tag(name = "users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    private final AuthService auth;
    private final IdempotencyService idempotency;

    public UserResource(AuthService auth, IdempotencyService idempotency) {
        this.auth = auth;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List users (admin: all; vdc-admin: their VDC; filters: username, role, vdcId)")
    public ListResponse<UserView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the username") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name (the username), username, role, createdAt") @QueryParam("sort") String sort,
            @QueryParam("username") String username, @QueryParam("role") String role,
            @QueryParam("vdcId") String vdcId) {
        return ListResponse.of(auth.listUsers(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @POST
    @Operation(summary = "Create a user: {username, password, role: admin|vdc-admin|user, vdcId?} (admin; a vdc-admin creates users and vdc-admins of their own VDC)")
    public Response create(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            UserRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /users", request, () -> {
            UserView user = auth.createUser(caller, request);
            return Response.status(201).location(URI.create("users/" + user.id())).entity(user)
                    .build();
        });
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a user's role or VDC (admin): {role?, vdcId?}; vdcId \"\" takes the user out of "
            + "their VDC (an admin belongs to none). Nobody changes their own role; the last admin is never demoted; "
            + "a user leaves a VDC only when they own no instance or volume there",
            responses = {
                @ApiResponse(responseCode = "200", description = "the user",
                        content = @Content(schema = @Schema(implementation = UserView.class))),
                @ApiResponse(responseCode = "400", description = "unknown role or VDC, or a VDC is missing "
                        + "(problem+json names the field)"),
                @ApiResponse(responseCode = "404", description = "no such user"),
                @ApiResponse(responseCode = "409", description = "your own role, the last admin, or the user owns "
                        + "something in the VDC they would leave")})
    public UserView update(@Context SecurityContext security, @PathParam("id") String id, UserUpdate update) {
        return auth.updateUser(Api.caller(security), id, update);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a user and their tokens (admin; a vdc-admin: users of their VDC); never your own "
            + "account nor the last admin (409)")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        auth.deleteUser(Api.caller(security), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/unlock")
    @Operation(summary = "Lift a user's lockout after failed logins, and forget their failures (admin)",
            responses = {@ApiResponse(responseCode = "204", description = "unlocked (or was not locked)"),
                @ApiResponse(responseCode = "404", description = "no such user")})
    public Response unlock(@Context SecurityContext security, @PathParam("id") String id) {
        auth.unlock(Api.caller(security), id);
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a password: your own with {currentPassword, password}; another user's as their admin "
            + "with {password}. The user's other tokens are revoked.",
            responses = {@ApiResponse(responseCode = "204", description = "changed"),
                @ApiResponse(responseCode = "400", description = "wrong current password, or the new one breaks the "
                        + "password policy"),
                @ApiResponse(responseCode = "404", description = "no such user (for you)")})
    public Response changePassword(@Context SecurityContext security, @Context HttpServletRequest http,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String header, @PathParam("id") String id,
            PasswordChange change) {
        if (change == null) {
            throw OvmException.invalid(null, "a JSON body with password (and currentPassword for your own) is required");
        }
        auth.changePassword(Api.caller(security), id, change.currentPassword(), change.password(),
                AuthResource.bearer(header), http == null ? null : http.getRemoteAddr());
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}/tokens")
    @Operation(summary = "Revoke every token of a user (yourself, or as their admin)",
            responses = {@ApiResponse(responseCode = "200", description = "{revoked: n}")})
    public Response revokeTokens(@Context SecurityContext security, @PathParam("id") String id) {
        return Response.ok(java.util.Map.of("revoked", auth.revokeTokens(Api.caller(security), id))).build();
    }
}
