package org.ovm.rest.internal.resources;

import java.net.URI;
import java.util.List;

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
import org.ovm.core.network.AddressView;
import org.ovm.core.network.NetworkRequest;
import org.ovm.core.network.NetworkService;
import org.ovm.core.network.NetworkView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/networks")
@Tag(name = "networks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NetworkResource {

    private final NetworkService networks;
    private final IdempotencyService idempotency;

    public NetworkResource(NetworkService networks, IdempotencyService idempotency) {
        this.networks = networks;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List networks with their address usage (filters: name, type, clusterId)")
    public ListResponse<NetworkView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt") @QueryParam("sort") String sort,
            @Parameter(description = "exact name") @QueryParam("name") String name,
            @Parameter(description = "network driver type") @QueryParam("type") String type,
            @Parameter(description = "cluster id") @QueryParam("clusterId") String clusterId) {
        return ListResponse.of(networks.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a network")
    public NetworkView get(@Context SecurityContext security, @PathParam("id") String id) {
        return networks.get(Api.caller(security), id);
    }

    @GET
    @Path("/{id}/addresses")
    @Operation(summary = "Addresses of a network in use, lowest first (non-admins see their VDC's)")
    public List<AddressView> addresses(@Context SecurityContext security, @PathParam("id") String id) {
        return networks.addresses(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Create a network: {name, type, vlan, cidr, gateway, dns, rangeStart, rangeEnd, clusterId} "
            + "(admin)")
    public Response create(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            NetworkRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /networks", request, () -> {
            NetworkView network = networks.create(caller, request);
            return Response.status(201).location(URI.create("networks/" + network.id())).entity(network)
                    .build();
        });
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a network no NIC uses (admin)")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        networks.delete(Api.caller(security), id);
        return Response.noContent().build();
    }
}
