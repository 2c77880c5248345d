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

import org.ovm.core.OvmException;
import org.ovm.core.backup.BackupRequest;
import org.ovm.core.backup.BackupService;
import org.ovm.core.storage.VolumeCopyRequest;
import org.ovm.core.storage.VolumeMigrateRequest;
import org.ovm.core.storage.VolumeRequest;
import org.ovm.core.storage.VolumeService;
import org.ovm.core.storage.VolumeView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/volumes")
@Tag(name = "storage")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeResource {

    private final VolumeService volumes;
    private final BackupService backups;

    public VolumeResource(VolumeService volumes, BackupService backups) {
        this.volumes = volumes;
        this.backups = backups;
    }

    @POST
    @Path("/{id}/backups")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Back up a volume into a backup pool: {poolId, name?}; 202 with the volume.backup task")
    public Response backup(@Context SecurityContext security, @PathParam("id") String id, BackupRequest request) {
        return Api.accepted(backups.backupVolume(Api.caller(security), id, request));
    }

    @GET
    @Operation(summary = "List volumes you may see (filters: name, poolId, instanceId, state)")
    public ListResponse<VolumeView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt") @QueryParam("sort") String sort,
            @QueryParam("name") String name,
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

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an empty thin volume: {name, poolId, sizeGiB, vdcId?}; 202 with the task")
    public Response create(@Context SecurityContext security, VolumeRequest request) {
        return Api.accepted(volumes.create(Api.caller(security), request));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a detached volume; 202 with the task")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(volumes.delete(Api.caller(security), id));
    }

    @POST
    @Path("/{id}/resize")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grow a volume: {sizeGiB}; 202 with the task")
    public Response resize(@Context SecurityContext security, @PathParam("id") String id, SizeRequest request) {
        if (request == null || request.sizeGiB() == null) {
            throw OvmException.invalid("sizeGiB", "sizeGiB is required");
        }
        return Api.accepted(volumes.resize(Api.caller(security), id, request.sizeGiB()));
    }

    @POST
    @Path("/{id}/attach")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Attach to an instance on the volume's host: {instanceId}; 202 with the task")
    public Response attach(@Context SecurityContext security, @PathParam("id") String id, AttachRequest request) {
        return Api.accepted(volumes.attach(Api.caller(security), id, request == null ? null : request.instanceId()));
    }

    @POST
    @Path("/{id}/detach")
    @Operation(summary = "Detach from its instance; 202 with the task")
    public Response detach(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(volumes.detach(Api.caller(security), id));
    }

    @POST
    @Path("/{id}/copy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Copy a volume into a pool: {poolId, name?} (default name <name>-copy); a new volume in the "
            + "same VDC claiming its disk quota; the volume must be detached or its instance stopped; 202 with the task")
    public Response copy(@Context SecurityContext security, @PathParam("id") String id, VolumeCopyRequest request) {
        return Api.accepted(volumes.copy(Api.caller(security), id, request));
    }

    @POST
    @Path("/{id}/migrate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move a volume to another pool, keeping its id and name: {poolId}; offline when detached or "
            + "its instance stopped, live (block copy) when its instance runs; 202 with the task")
    public Response migrate(@Context SecurityContext security, @PathParam("id") String id,
            VolumeMigrateRequest request) {
        return Api.accepted(volumes.migrate(Api.caller(security), id, request));
    }

    /** Body of a resize. */
    public record SizeRequest(Long sizeGiB) {
    }

    /** Body of an attach. */
    public record AttachRequest(String instanceId) {
    }
}
