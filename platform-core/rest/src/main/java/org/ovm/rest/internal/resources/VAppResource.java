package org.ovm.rest.internal.resources;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
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

import org.ovm.core.instance.VAppRequest;
import org.ovm.core.instance.VAppService;
import org.ovm.core.instance.VAppView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/vapps")
@Tag(name = "vapps")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VAppResource {

    private final VAppService vapps;

    public VAppResource(VAppService vapps) {
        this.vapps = vapps;
    }

    @GET
    @Operation(summary = "List vApps you may see (filters: name, state)")
    public ListResponse<VAppView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt") @QueryParam("sort") String sort,
            @QueryParam("name") String name,
            @QueryParam("state") String state) {
        return ListResponse.of(vapps.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a vApp and its instances")
    public VAppView get(@Context SecurityContext security, @PathParam("id") String id) {
        return vapps.get(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Deploy a vApp: {name, clusterId, vdcId?, onFailure?: rollback|keep, start?, instances: "
            + "[{name, cpus, memoryMiB, imageId?, diskGiB?}]}: placed as a batch (all or none), created in parallel, "
            + "powered on in order; 202 with the deploy task")
    public Response create(@Context SecurityContext security, VAppRequest request) {
        return Api.accepted(vapps.create(Api.caller(security), request));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a vApp and all its instances; 202 with the task")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(vapps.delete(Api.caller(security), id));
    }
}
