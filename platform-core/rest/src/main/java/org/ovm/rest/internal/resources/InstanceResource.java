package org.ovm.rest.internal.resources;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
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
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.core.UriInfo;

import org.ovm.core.IdempotencyService;
import org.ovm.core.backup.BackupRequest;
import org.ovm.core.backup.BackupService;
import org.ovm.core.backup.ScheduleRequest;
import org.ovm.core.backup.ScheduleView;
import org.ovm.core.console.ConsoleService;
import org.ovm.core.console.ConsoleView;
import org.ovm.core.instance.AdoptRequest;
import org.ovm.core.instance.InstanceLogs;
import org.ovm.core.instance.InstancePatch;
import org.ovm.core.instance.InstanceRequest;
import org.ovm.core.instance.InstanceService;
import org.ovm.core.instance.InstanceView;
import org.ovm.core.instance.MigrateRequest;
import org.ovm.core.instance.ResizeRequest;
import org.ovm.core.instance.StatsView;
import org.ovm.core.snapshot.SnapshotRequest;
import org.ovm.core.snapshot.SnapshotService;
import org.ovm.core.snapshot.SnapshotView;
import org.ovm.core.task.TaskView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/instances")
@Tag(name = "instances")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InstanceResource {

    private final InstanceService instances;
    private final IdempotencyService idempotency;
    private final ConsoleService consoles;
    private final SnapshotService snapshots;
    private final BackupService backups;

    public InstanceResource(InstanceService instances, IdempotencyService idempotency, ConsoleService consoles,
            SnapshotService snapshots, BackupService backups) {
        this.snapshots = snapshots;
        this.backups = backups;
        this.instances = instances;
        this.idempotency = idempotency;
        this.consoles = consoles;
    }

    @GET
    @Operation(summary = "List instances you may see (filters: name, hostId, vdcId, state, managed, tag)")
    public ListResponse<InstanceView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt, state, cpus, memoryMiB") @QueryParam("sort") String sort,
            @QueryParam("name") String name,
            @QueryParam("hostId") String hostId, @QueryParam("vdcId") String vdcId,
            @QueryParam("state") String state, @QueryParam("managed") Boolean managed,
            @Parameter(description = "only instances with this tag") @QueryParam("tag") String tag) {
        return ListResponse.of(instances.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an instance")
    public InstanceView get(@Context SecurityContext security, @PathParam("id") String id) {
        return instances.get(Api.caller(security), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change an instance: {tags: [...]} replaces its tags (each 1-32 letters, digits, '.', '_' "
            + "or '-'; at most 16); audited", responses = {
                @ApiResponse(responseCode = "200", description = "the instance as changed",
                        content = @Content(schema = @Schema(implementation = InstanceView.class))),
                @ApiResponse(responseCode = "400", description = "a bad tag (problem+json names tags)"),
                @ApiResponse(responseCode = "404", description = "no such instance in your VDC")})
    public InstanceView update(@Context SecurityContext security, @PathParam("id") String id, InstancePatch patch) {
        return instances.update(Api.caller(security), id, patch);
    }

    @POST
    @Operation(summary = "Create an instance: {name, cpus, memoryMiB, hostId (or clusterId: placed by the cluster's "
            + "policy; or zoneId; or none of them: placed in the default zone), vdcId?, start?, imageId?, cloneMode?: "
            + "linked|full, storagePoolId?, diskGiB?, isoImageId?, tags?: [...]}",
            responses = {
                @ApiResponse(responseCode = "202", description = "create task started; Location names it",
                        content = @Content(schema = @Schema(implementation = TaskView.class))),
                @ApiResponse(responseCode = "400", description = "invalid input (problem+json names the field)"),
                @ApiResponse(responseCode = "409", description = "duplicate name, host not UP or no capacity"),
                @ApiResponse(responseCode = "503", description = "the host's driver is not installed")})
    public Response create(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            InstanceRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /instances", request,
                () -> Api.accepted(instances.create(caller, request)));
    }

    @POST
    @Path("/{id}/start")
    @Operation(summary = "Power an instance on")
    public Response start(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(instances.start(Api.caller(security), id));
    }

    @POST
    @Path("/{id}/stop")
    @Operation(summary = "Power an instance off: asks the guest (ACPI) and cuts power after ?timeout= seconds "
            + "(default 60, at most 540); ?force=true cuts power at once")
    public Response stop(@Context SecurityContext security, @PathParam("id") String id,
            @QueryParam("force") boolean force, @QueryParam("timeout") Integer timeout) {
        return Api.accepted(instances.stop(Api.caller(security), id, force, timeout));
    }

    @POST
    @Path("/{id}/reboot")
    @Operation(summary = "Reboot a running instance")
    public Response reboot(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(instances.reboot(Api.caller(security), id));
    }

    @POST
    @Path("/{id}/migrate")
    @Operation(summary = "Move an instance to another host (admin): {hostId?, storagePoolId?, bandwidthMiBps?} "
            + "(without hostId placement chooses another host of its cluster); live when it runs, its definition when "
            + "stopped. Disks on a pool the target does not reach go along with a running instance whose driver can "
            + "(shared-nothing live migration, KVM) onto storagePoolId or the target's pool with the most free space; "
            + "otherwise 409 names the first such disk. bandwidthMiBps caps the stream. 202 with the task "
            + "(instance.migrate; POST /instances/{id}/migration/cancel aborts it)")
    public Response migrate(@Context SecurityContext security, @PathParam("id") String id, MigrateRequest request) {
        return Api.accepted(instances.migrate(Api.caller(security), id, request));
    }

    @POST
    @Path("/{id}/migration/cancel")
    @Operation(summary = "Abort an instance's running migration (admin): the task fails, the instance stays, running, "
            + "where it was, disks copied so far are deleted. 200 with the migration task; 409 when none runs")
    public TaskView cancelMigration(@Context SecurityContext security, @PathParam("id") String id) {
        return instances.cancelMigration(Api.caller(security), id);
    }

    @POST
    @Path("/{id}/resize")
    @Operation(summary = "Change vCPUs and memory: {cpus?, memoryMiB?}; stopped instances (running ones where the "
            + "host resizes online); 202 with the task")
    public Response resize(@Context SecurityContext security, @PathParam("id") String id, ResizeRequest request) {
        return Api.accepted(instances.resize(Api.caller(security), id, request));
    }

    @GET
    @Path("/{id}/console")
    @Operation(summary = "Where the running instance's console is: VNC listen address and port on its "
            + "hypervisor host, and the serial log file")
    public ConsoleView console(@Context SecurityContext security, @PathParam("id") String id) {
        return instances.console(Api.caller(security), id);
    }

    @POST
    @Path("/{id}/console/tickets")
    @Operation(summary = "A one-time ticket (60 s) to open the running instance's VNC console through the engine's "
            + "websocket proxy at the returned path (the portal's console uses it; any RFB-over-websocket client can)")
    public Response consoleTicket(@Context SecurityContext security, @PathParam("id") String id) {
        return Response.status(201).entity(consoles.issue(Api.caller(security), id)).build();
    }

    @POST
    @Path("/{id}/terminal/tickets")
    @Operation(summary = "A one-time ticket (60 s) to open a shell with a terminal in the running container through "
            + "the engine's websocket at the returned path: text frames {\"type\":\"input\",\"data\":...} and "
            + "{\"type\":\"resize\",\"cols\":N,\"rows\":M} in, the terminal's output as binary frames out")
    public Response terminalTicket(@Context SecurityContext security, @PathParam("id") String id) {
        return Response.status(201).entity(consoles.issueTerminal(Api.caller(security), id)).build();
    }

    @POST
    @Path("/{id}/serial/tickets")
    @Operation(summary = "A one-time ticket (60 s) to open the serial console of the running virtual machine (its "
            + "first serial port, where the tiny template's kernel and shell talk) through the same websocket and "
            + "frames as a terminal; opening it takes the port over from any other client (like virsh console --force)")
    public Response serialTicket(@Context SecurityContext security, @PathParam("id") String id) {
        return Response.status(201).entity(consoles.issueSerial(Api.caller(security), id)).build();
    }

    @GET
    @Path("/{id}/stats")
    @Operation(summary = "The instance's counters: CPU time, memory, disk and network bytes")
    public StatsView stats(@Context SecurityContext security, @PathParam("id") String id) {
        return instances.stats(Api.caller(security), id);
    }

    @GET
    @Path("/{id}/logs")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "A container's output (stdout and stderr): the last `tail` lines, since an instant or age "
            + "(`since=10m`); with `follow=true` the response streams new output until the container stops")
    public Response logs(@Context SecurityContext security, @PathParam("id") String id,
            @QueryParam("tail") Integer tail, @QueryParam("since") String since,
            @QueryParam("follow") boolean follow) {
        InstanceLogs logs = instances.logs(Api.caller(security), id, tail, since, follow);
        StreamingOutput body = logs::writeTo;
        return Response.ok(body, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @GET
    @Path("/{id}/snapshots")
    @Operation(summary = "List an instance's snapshots, oldest first")
    public ListResponse<SnapshotView> snapshots(@Context SecurityContext security, @PathParam("id") String id) {
        List<SnapshotView> all = snapshots.list(Api.caller(security), id);
        return new ListResponse<>(all, all.size());
    }

    @POST
    @Path("/{id}/snapshots")
    @Operation(summary = "Snapshot an instance: {name, description?}; 202 with the task")
    public Response snapshot(@Context SecurityContext security, @PathParam("id") String id, SnapshotRequest request) {
        return Api.accepted(snapshots.create(Api.caller(security), id, request));
    }

    @POST
    @Path("/{id}/snapshots/{snapshotId}/revert")
    @Operation(summary = "Return an instance to a snapshot; 202 with the task")
    public Response revert(@Context SecurityContext security, @PathParam("id") String id,
            @PathParam("snapshotId") String snapshotId) {
        return Api.accepted(snapshots.revert(Api.caller(security), id, snapshotId));
    }

    @DELETE
    @Path("/{id}/snapshots/{snapshotId}")
    @Operation(summary = "Delete a snapshot; 202 with the task")
    public Response deleteSnapshot(@Context SecurityContext security, @PathParam("id") String id,
            @PathParam("snapshotId") String snapshotId) {
        return Api.accepted(snapshots.delete(Api.caller(security), id, snapshotId));
    }

    @POST
    @Path("/{id}/backups")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Back up every disk of an instance into a backup pool: {poolId}; 202 with the "
            + "instance.backup task (list them with GET /backups?instanceId=)")
    public Response backup(@Context SecurityContext security, @PathParam("id") String id, BackupRequest request) {
        return Api.accepted(backups.backupInstance(Api.caller(security), id, request));
    }

    @GET
    @Path("/{id}/backup-schedule")
    @Operation(summary = "Get an instance's backup schedule (404 when it has none)")
    public ScheduleView backupSchedule(@Context SecurityContext security, @PathParam("id") String id) {
        return backups.schedule(Api.caller(security), id);
    }

    @PUT
    @Path("/{id}/backup-schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set an instance's backup schedule: {poolId, kind: daily|weekly, at: HH:MM (UTC), "
            + "dayOfWeek? (weekly), keep: 1..100}")
    public ScheduleView putBackupSchedule(@Context SecurityContext security, @PathParam("id") String id,
            ScheduleRequest request) {
        return backups.putSchedule(Api.caller(security), id, request);
    }

    @DELETE
    @Path("/{id}/backup-schedule")
    @Operation(summary = "Remove an instance's backup schedule (its backups stay)")
    public Response deleteBackupSchedule(@Context SecurityContext security, @PathParam("id") String id) {
        backups.deleteSchedule(Api.caller(security), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/backup-schedule/run")
    @Operation(summary = "Run an instance's backup schedule now (a scheduled backup); 202 with the task")
    public Response runBackupSchedule(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(backups.runSchedule(Api.caller(security), id));
    }

    @POST
    @Path("/{id}/adopt")
    @Operation(summary = "Adopt a discovered (unmanaged) instance into a VDC without touching the guest (admin); "
            + "body {vdcId?}")
    public InstanceView adopt(@Context SecurityContext security, @PathParam("id") String id, AdoptRequest request) {
        return instances.adopt(Api.caller(security), id, request);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an instance from its host and the inventory; its volumes too unless "
            + "?deleteVolumes=false")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id,
            @QueryParam("deleteVolumes") @javax.ws.rs.DefaultValue("true") boolean deleteVolumes) {
        return Api.accepted(instances.delete(Api.caller(security), id, deleteVolumes));
    }
}
