package org.ovm.rest.internal.resources;

import java.net.URI;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
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
import org.ovm.core.host.ZoneView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
    @Operation(summary = "Create a zone (admin)")
    public Response create(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            ZoneRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /zones", request, () -> {
            ZoneView zone = zones.create(caller, request);
            return Response.status(201).location(URI.create("zones/" + zone.id())).entity(zone)
                    .build();
        });
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an empty zone (admin)")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        zones.delete(Api.caller(security), id);
        return Response.noContent().build();
    }
}
