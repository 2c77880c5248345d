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
import org.ovm.core.balance.BalanceReport;
import org.ovm.core.balance.BalanceService;
import org.ovm.core.host.ClusterRequest;
import org.ovm.core.host.ClusterService;
import org.ovm.core.host.ClusterUpdate;
import org.ovm.core.host.ClusterView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/clusters")
@Tag(name = "clusters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ClusterResource {

    private final ClusterService clusters;
    private final BalanceService balance;
    private final IdempotencyService idempotency;

    public ClusterResource(ClusterService clusters, BalanceService balance, IdempotencyService idempotency) {
        this.clusters = clusters;
        this.balance = balance;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List clusters (filters: name, zoneId, hypervisorType)")
    public ListResponse<ClusterView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt") @QueryParam("sort") String sort,
            @QueryParam("name") String name, @QueryParam("zoneId") String zoneId,
            @QueryParam("hypervisorType") String hypervisorType) {
        return ListResponse.of(clusters.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a cluster")
    public ClusterView get(@Context SecurityContext security, @PathParam("id") String id) {
        return clusters.get(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Create a cluster in a zone (admin)")
    public Response create(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            ClusterRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /clusters", request, () -> {
            ClusterView cluster = clusters.create(caller, request);
            return Response.status(201).location(URI.create("clusters/" + cluster.id()))
                    .entity(cluster).build();
        });
    }

    @POST
    @Path("/{id}/balance")
    @Operation(summary = "Run the cluster's balancing policy now (admin): measures its hosts, proposes moves with "
            + "their reasons and starts them (at most balancing.maxMigrations at a time; the event cluster/balanced "
            + "tells how they ended); with dryRun=true only proposes. 409 while a run of the cluster is moving "
            + "instances")
    public BalanceReport balance(@Context SecurityContext security, @PathParam("id") String id,
            @Parameter(description = "true: proposals only, nothing moves") @QueryParam("dryRun") boolean dryRun) {
        return balance.balance(Api.caller(security), id, dryRun);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a cluster's placementPolicy, overcommit ratios or balancing settings (admin); new "
            + "ratios apply to its hosts at once, nothing already placed moves")
    public ClusterView update(@Context SecurityContext security, @PathParam("id") String id, ClusterUpdate update) {
        return clusters.update(Api.caller(security), id, update);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a cluster without hosts (admin)")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        clusters.delete(Api.caller(security), id);
        return Response.noContent().build();
    }
}
