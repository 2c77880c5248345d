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
import org.ovm.core.task.TaskView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
    @Operation(summary = "List networks with their address usage and, for admins, the hosts they are realized on "
            + "(filters: name, type, clusterId)")
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
    @Operation(summary = "Get a network; realizations (admins only) say on which hosts it exists: state REALIZING, "
            + "REALIZED, FAILED (reason says why) or REMOVING, and the port NICs plug into")
    public NetworkView get(@Context SecurityContext security, @PathParam("id") String id) {
        return networks.get(Api.caller(security), id);
    }

    @GET
    @Path("/{id}/addresses")
    @Operation(summary = "Addresses of a network in use, lowest first (non-admins see their VDC's): role nic for an "
            + "instance's NIC, role dhcp (no instance, with hostId) for the DHCP server a driver with DHCP runs on "
            + "each host the network is realized on")
    public List<AddressView> addresses(@Context SecurityContext security, @PathParam("id") String id) {
        return networks.addresses(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Create a network (admin): {name, type, vlan, cidr, gateway, dns, rangeStart, rangeEnd, "
            + "clusterId, ipv6Cidr}. vlan is required (1-4094) when the type's driver tags traffic (capability VLAN), "
            + "else 0/absent means untagged; ipv6Cidr (a /48 to /128 prefix) is stored but not realized yet",
            responses = {
                @ApiResponse(responseCode = "201", description = "the network",
                        content = @Content(schema = @Schema(implementation = NetworkView.class))),
                @ApiResponse(responseCode = "400", description = "invalid input (problem+json names the field: cidr, "
                        + "gateway, rangeStart, rangeEnd, vlan, ipv6Cidr, ...)"),
                @ApiResponse(responseCode = "409", description = "name taken, or cidr overlaps another network on "
                        + "the same VLAN (field cidr, the detail names it)"),
                @ApiResponse(responseCode = "503", description = "no driver installed for the type")})
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
    @Operation(summary = "Delete a network no NIC uses (admin): 202 with the network.delete task, which removes it "
            + "from every host it is realized on, then deletes it (a delete already running is the answer to another)",
            responses = {
                @ApiResponse(responseCode = "202", description = "the task",
                        content = @Content(schema = @Schema(implementation = TaskView.class))),
                @ApiResponse(responseCode = "404", description = "no such network"),
                @ApiResponse(responseCode = "409", description = "instances still hold addresses of it")})
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(networks.delete(Api.caller(security), id));
    }
}
