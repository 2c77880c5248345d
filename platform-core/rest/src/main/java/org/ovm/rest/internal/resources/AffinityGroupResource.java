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
import org.ovm.core.placement.AffinityGroupRequest;
import org.ovm.core.placement.AffinityGroupService;
import org.ovm.core.placement.AffinityGroupView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/affinity-groups")
@Tag(name = "affinity-groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AffinityGroupResource {

    private final AffinityGroupService groups;
    private final IdempotencyService idempotency;

    public AffinityGroupResource(AffinityGroupService groups, IdempotencyService idempotency) {
        this.groups = groups;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List affinity groups (filters: name, kind, vdcId); non-admins see their VDC's")
    public ListResponse<AffinityGroupView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt") @QueryParam("sort") String sort,
            @Parameter(description = "exact name") @QueryParam("name") String name,
            @Parameter(description = "affinity or anti-affinity") @QueryParam("kind") String kind,
            @Parameter(description = "VDC id") @QueryParam("vdcId") String vdcId) {
        return ListResponse.of(groups.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an affinity group and its members")
    public AffinityGroupView get(@Context SecurityContext security, @PathParam("id") String id) {
        return groups.get(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Create an affinity group: {name, kind: affinity|anti-affinity, vdcId, description}; "
            + "instances join it with affinityGroupId at create")
    public Response create(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            AffinityGroupRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /affinity-groups", request, () -> {
            AffinityGroupView group = groups.create(caller, request);
            return Response.status(201).location(URI.create("affinity-groups/" + group.id()))
                    .entity(group).build();
        });
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an empty affinity group")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        groups.delete(Api.caller(security), id);
        return Response.noContent().build();
    }
}
