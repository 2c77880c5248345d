package org.ovm.rest.internal.resources;

import java.net.URI;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.ovm.core.IdempotencyService;
import org.ovm.core.host.ZoneRequest;
import org.ovm.core.host.ZoneService;
import org.ovm.core.host.ZoneUpdate;
import org.ovm.core.host.ZoneView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/zones")
@Tag(name = "zones")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ZoneResource {

    private final ZoneService zones;
    private final IdempotencyService idempotency;

    public ZoneResource(ZoneService zones, IdempotencyService idempotency) {
        this.zones = zones;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List zones (filter: name)")
    public ListResponse<ZoneView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt") @QueryParam("sort") String sort,
            @Parameter(description = "exact name") @QueryParam("name") String name) {
        return ListResponse.of(zones.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a zone")
    public ZoneView get(@Context SecurityContext security, @PathParam("id") String id) {
        return zones.get(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Create a zone (admin); the first zone is the default zone")
    public Response create(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            ZoneRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /zones", request, () -> {
            ZoneView zone = zones.create(caller, request);
            return Response.status(201).location(URI.create("zones/" + zone.id())).entity(zone)
                    .build();
        });
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a zone (admin): {name?, description?, defaultZone?}. defaultZone: true makes it the "
            + "default zone, where instance creates that name no host, cluster or zone are placed; false on the "
            + "default zone is refused (409): make another zone the default instead",
            responses = {
                @ApiResponse(responseCode = "200", description = "the zone",
                        content = @Content(schema = @Schema(implementation = ZoneView.class))),
                @ApiResponse(responseCode = "400", description = "invalid input (problem+json names the field)"),
                @ApiResponse(responseCode = "404", description = "no such zone"),
                @ApiResponse(responseCode = "409", description = "name taken, or defaultZone: false on the default "
                        + "zone")})
    public ZoneView update(@Context SecurityContext security, @PathParam("id") String id, ZoneUpdate update) {
        return zones.update(Api.caller(security), id, update);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an empty zone (admin); deleting the default zone makes the oldest remaining zone "
            + "the default")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        zones.delete(Api.caller(security), id);
        return Response.noContent().build();
    }
}
