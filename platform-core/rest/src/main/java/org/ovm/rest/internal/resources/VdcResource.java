package org.ovm.rest.internal.resources;

import java.net.URI;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
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
import org.ovm.core.quota.Quota;
import org.ovm.core.quota.VdcRequest;
import org.ovm.core.quota.VdcService;
import org.ovm.core.quota.VdcView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/vdcs")
@Tag(name = "vdcs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VdcResource {

    private final VdcService vdcs;
    private final IdempotencyService idempotency;

    public VdcResource(VdcService vdcs, IdempotencyService idempotency) {
        this.vdcs = vdcs;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List VDCs (admins: all; others: their own; filter: name)")
    public ListResponse<VdcView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt") @QueryParam("sort") String sort,
            @Parameter(description = "exact name") @QueryParam("name") String name) {
        return ListResponse.of(vdcs.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a VDC")
    public VdcView get(@Context SecurityContext security, @PathParam("id") String id) {
        return vdcs.get(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Create a VDC (admin)")
    public Response create(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            VdcRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /vdcs", request, () -> {
            VdcView vdc = vdcs.create(caller, request);
            return Response.status(201).location(URI.create("vdcs/" + vdc.id())).entity(vdc)
                    .build();
        });
    }

    @PUT
    @Path("/{id}/quota")
    @Operation(summary = "Replace a VDC's quota (admin); omitted limits become unlimited, a limit below the "
            + "current usage refuses new claims without touching what runs")
    public VdcView setQuota(@Context SecurityContext security, @PathParam("id") String id, Quota quota) {
        return vdcs.setQuota(Api.caller(security), id, quota);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a VDC without users or instances (admin)")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        vdcs.delete(Api.caller(security), id);
        return Response.noContent().build();
    }
}
