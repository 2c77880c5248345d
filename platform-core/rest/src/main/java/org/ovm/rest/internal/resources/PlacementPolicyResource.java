package org.ovm.rest.internal.resources;

import java.net.URI;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.ovm.core.placement.PlacementPolicyRequest;
import org.ovm.core.placement.PlacementPolicyService;
import org.ovm.core.placement.PlacementPolicyView;
import org.ovm.core.placement.SchedulerPluginView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/placement-policies")
@Tag(name = "placement")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PlacementPolicyResource {

    private final PlacementPolicyService policies;

    public PlacementPolicyResource(PlacementPolicyService policies) {
        this.policies = policies;
    }

    @GET
    @Operation(summary = "List placement policies (built-in PERFORMANCE, PROGRESSIVE, BALANCED and custom ones)")
    public ListResponse<PlacementPolicyView> list(@Context SecurityContext security) {
        List<PlacementPolicyView> all = policies.list(Api.caller(security));
        return new ListResponse<>(all, all.size());
    }

    @GET
    @Path("/plugins")
    @Operation(summary = "The filters and scorers policies can name: the kernel's and those plugins registered")
    public ListResponse<SchedulerPluginView> plugins(@Context SecurityContext security) {
        List<SchedulerPluginView> all = policies.plugins(Api.caller(security));
        return new ListResponse<>(all, all.size());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a placement policy by id or name")
    public PlacementPolicyView get(@Context SecurityContext security, @PathParam("id") String id) {
        return policies.get(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Create a placement policy: {name, description, filters: [...], scorers: {name: weight}, "
            + "parameters: {tieBreak: round-robin|name, ...}} (admin)")
    public Response create(@Context SecurityContext security, PlacementPolicyRequest request) {
        PlacementPolicyView policy = policies.create(Api.caller(security), request);
        return Response.status(201).location(URI.create("placement-policies/" + policy.id())).entity(policy)
                .build();
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a custom placement policy; its clusters place with it at once (admin)")
    public PlacementPolicyView update(@Context SecurityContext security, @PathParam("id") String id,
            PlacementPolicyRequest request) {
        return policies.update(Api.caller(security), id, request);
    }

    @PUT
    @Path("/{id}/default")
    @Operation(summary = "Make a policy the default of clusters without their own (admin)")
    public PlacementPolicyView makeDefault(@Context SecurityContext security, @PathParam("id") String id) {
        return policies.makeDefault(Api.caller(security), id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a custom policy no cluster uses (admin)")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        policies.delete(Api.caller(security), id);
        return Response.noContent().build();
    }
}
