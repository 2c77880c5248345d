package org.ovm.rest.internal.resources;

import java.util.List;

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

import org.ovm.core.backup.BackupService;
import org.ovm.core.backup.BackupView;
import org.ovm.core.backup.RestoreRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Backups of volumes (made through {@code POST /volumes/{id}/backups} and {@code /instances/{id}/backups}). */
@Path("/backups")
@Tag(name = "storage")
@Produces(MediaType.APPLICATION_JSON)
public class BackupResource {

    private final BackupService backups;

    public BackupResource(BackupService backups) {
        this.backups = backups;
    }

    @GET
    @Operation(summary = "List backups you may see, newest first (filters: volumeId, instanceId, poolId)")
    public ListResponse<BackupView> list(@Context SecurityContext security, @QueryParam("volumeId") String volumeId,
            @QueryParam("instanceId") String instanceId, @QueryParam("poolId") String poolId) {
        List<BackupView> all = backups.list(Api.caller(security), volumeId, instanceId, poolId);
        return new ListResponse<>(all, all.size());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a backup")
    public BackupView get(@Context SecurityContext security, @PathParam("id") String id) {
        return backups.get(Api.caller(security), id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a backup (its file in the backup pool); 202 with the backup.delete task")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(backups.delete(Api.caller(security), id));
    }

    @POST
    @Path("/{id}/restore")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restore a backup: {mode: new, poolId, name?} as a new detached volume, or {mode: "
            + "overwrite} over the original volume (detached or its instance stopped); 202 with the "
            + "backup.restore task")
    public Response restore(@Context SecurityContext security, @PathParam("id") String id, RestoreRequest request) {
        return Api.accepted(backups.restore(Api.caller(security), id, request));
    }
}
