package org.ovm.rest.internal.resources;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ovm.core.VolumeService;
import org.ovm.core.VolumeView;

@Path("/volumes")
@Tag(name = "storage")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeResource {

    private final VolumeService volumes;

    public VolumeResource(VolumeService volumes) {
        this.volumes = volumes;
    }

    @GET
    @Operation(summary = "List volumes you may see (filters: name, poolId, instanceId, state)")
    public ListResponse<VolumeView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset, @QueryParam("name") String name,
            @QueryParam("poolId") String poolId, @QueryParam("instanceId") String instanceId,
            @QueryParam("state") String state) {
        return ListResponse.of(volumes.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a volume")
    public VolumeView get(@Context SecurityContext security, @PathParam("id") String id) {
        return volumes.get(Api.caller(security), id);
    }
}
