package org.ovm.rest.internal.resources;

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
import org.ovm.core.storage.PoolHostRequest;
import org.ovm.core.storage.StoragePoolRequest;
import org.ovm.core.storage.StoragePoolService;
import org.ovm.core.storage.StoragePoolView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/storage-pools")
@Tag(name = "storage")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StoragePoolResource {

    private final StoragePoolService pools;
    private final IdempotencyService idempotency;

    public StoragePoolResource(StoragePoolService pools, IdempotencyService idempotency) {
        this.pools = pools;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List storage pools (everyone; users see no uri and no hosts; filters: name, type, hostId, "
            + "clusterId, state)")
    public ListResponse<StoragePoolView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt") @QueryParam("sort") String sort,
            @QueryParam("name") String name,
            @QueryParam("type") String type, @QueryParam("hostId") String hostId,
            @QueryParam("clusterId") String clusterId, @QueryParam("state") String state) {
        return ListResponse.of(pools.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a storage pool with its capacity (admin)")
    public StoragePoolView get(@Context SecurityContext security, @PathParam("id") String id) {
        return pools.get(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Add a pool: {name, type, uri, hostId | clusterId | hostIds, overcommitRatio?, settings?} "
            + "(admin; local pools need hostId); 202 with the attach task")
    public Response create(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            StoragePoolRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /storage-pools", request,
                () -> Api.accepted(pools.create(caller, request)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove an empty pool from its hosts (admin); 202 with the detach task")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(pools.delete(Api.caller(security), id));
    }

    @POST
    @Path("/{id}/hosts")
    @Operation(summary = "Attach a shared pool to one more host: {hostId} (admin); 202 with the attach task")
    public Response attachHost(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            @PathParam("id") String id, PoolHostRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /storage-pools/" + id + "/hosts", request,
                () -> Api.accepted(pools.attachHost(caller, id, request)));
    }

    @DELETE
    @Path("/{id}/hosts/{hostId}")
    @Operation(summary = "Detach a pool from one of its hosts (admin; 409 while instances of that host use it); "
            + "202 with the detach task")
    public Response detachHost(@Context SecurityContext security, @PathParam("id") String id,
            @PathParam("hostId") String hostId) {
        return Api.accepted(pools.detachHost(Api.caller(security), id, hostId));
    }
}
