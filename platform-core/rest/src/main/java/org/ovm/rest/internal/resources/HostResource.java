package org.ovm.rest.internal.resources;

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
import javax.ws.rs.core.UriInfo;

import org.ovm.core.IdempotencyService;
import org.ovm.core.host.CertificateRequest;
import org.ovm.core.host.HostCertificate;
import org.ovm.core.host.HostRequest;
import org.ovm.core.host.HostService;
import org.ovm.core.host.HostUpdate;
import org.ovm.core.host.HostUpdated;
import org.ovm.core.host.HostView;
import org.ovm.core.host.PowerManagementRequest;
import org.ovm.core.host.PowerTest;
import org.ovm.core.task.TaskView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/hosts")
@Tag(name = "hosts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HostResource {

    private final HostService hosts;
    private final IdempotencyService idempotency;

    public HostResource(HostService hosts, IdempotencyService idempotency) {
        this.hosts = hosts;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List hosts (admin; filters: name, type, state, clusterId)")
    public ListResponse<HostView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt") @QueryParam("sort") String sort,
            @QueryParam("name") String name,
            @QueryParam("type") String type, @QueryParam("state") String state,
            @QueryParam("clusterId") String clusterId) {
        return ListResponse.of(hosts.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a host with its facts, state and allocation (admin)")
    public HostView get(@Context SecurityContext security, @PathParam("id") String id) {
        return hosts.get(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Add a host: {name, type, uri, clusterId?, username?, password?} (admin)",
            responses = {
                @ApiResponse(responseCode = "202", description = "connect task started; Location names it",
                        content = @Content(schema = @Schema(implementation = TaskView.class))),
                @ApiResponse(responseCode = "400", description = "invalid input (problem+json names the field)"),
                @ApiResponse(responseCode = "409", description = "name taken"),
                @ApiResponse(responseCode = "503", description = "no driver installed for the host type")})
    public Response add(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            HostRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /hosts", request,
                () -> Api.accepted(hosts.add(caller, request)));
    }

    @POST
    @Path("/certificate")
    @Operation(summary = "Read the TLS certificate an address presents, to confirm its fingerprint before adding the "
            + "host with settings.thumbprint (admin): {uri}",
            responses = {
                @ApiResponse(responseCode = "200", description = "the certificate",
                        content = @Content(schema = @Schema(implementation = HostCertificate.class))),
                @ApiResponse(responseCode = "400", description = "malformed uri, or no TLS handshake at it")})
    public HostCertificate certificate(@Context SecurityContext security, CertificateRequest request) {
        return hosts.certificate(Api.caller(security), request);
    }

    @POST
    @Path("/{id}/refresh")
    @Operation(summary = "Probe a host again (admin)")
    public Response refresh(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(hosts.refresh(Api.caller(security), id));
    }

    @POST
    @Path("/{id}/maintenance")
    @Operation(summary = "Put a host into maintenance (admin): placement passes it by, its instances cannot start, "
            + "the monitor and sync leave it alone. While instances run on it the host is PREPARING_FOR_MAINTENANCE "
            + "and the task host.drain (named in stateReason) moves them live to other hosts of its cluster; then it "
            + "is MAINTENANCE, or stays preparing with a stateReason naming what could not move")
    public HostView enterMaintenance(@Context SecurityContext security, @PathParam("id") String id) {
        return hosts.enterMaintenance(Api.caller(security), id);
    }

    @POST
    @Path("/{id}/activate")
    @Operation(summary = "Take a host out of maintenance (admin): 202 with the task that reconnects it")
    public Response activate(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(hosts.activate(Api.caller(security), id));
    }

    @POST
    @Path("/{id}/confirm-down")
    @Operation(summary = "Confirm that a DOWN or NON_RESPONSIVE host is powered off (admin): the admin's word, which "
            + "OVM cannot check (an instance running twice on its shared disks corrupts them), releases the restart of "
            + "the host's HA instances on other hosts of its cluster. 202 with the task host.ha-restart; 409 for a host "
            + "in any other state. Audited (host/confirmed-down)")
    public Response confirmDown(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(hosts.confirmDown(Api.caller(security), id));
    }

    @PUT
    @Path("/{id}/power-management")
    @Operation(summary = "Set a host's power management (admin): {type, address, port?, username, password?, settings?, "
            + "powerOnAfterFence?}, the out-of-band controller (BMC) a fence driver powers the host off through once it "
            + "is DOWN, before its HA instances restart elsewhere. The password is stored encrypted and never shown "
            + "(leave it out to keep the stored one). 503 when the fence driver is not installed (ovm-plugin-ipmi-fence "
            + "for ipmi). Audited (host/power-management-updated)")
    public HostView setPowerManagement(@Context SecurityContext security, @PathParam("id") String id,
            PowerManagementRequest request) {
        return hosts.setPowerManagement(Api.caller(security), id, request);
    }

    @DELETE
    @Path("/{id}/power-management")
    @Operation(summary = "Remove a host's power management (admin): if it fails, its HA instances wait for an admin "
            + "to confirm it is powered off")
    public HostView removePowerManagement(@Context SecurityContext security, @PathParam("id") String id) {
        return hosts.removePowerManagement(Api.caller(security), id);
    }

    @POST
    @Path("/{id}/power-management/test")
    @Operation(summary = "Ask a host's controller for its power status (admin), with the stored settings (no body) or "
            + "with the given ones (the body of a PUT; a left-out password is the stored one), to check them before "
            + "relying on them: {status: ON|OFF|UNKNOWN, message}. A refused login is 502, no answer 503")
    public PowerTest testPowerManagement(@Context SecurityContext security, @PathParam("id") String id,
            PowerManagementRequest request) {
        return hosts.testPowerManagement(Api.caller(security), id, request);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a host (admin): {name?, clusterId?, uri?, settings?, username?, password?, secrets?}. "
            + "clusterId moves the host to a cluster of its hypervisor type (\"\" takes it out of its cluster); its "
            + "instances and their capacity claims move with it and it takes the cluster's overcommit ratios. "
            + "settings and secrets are merged into the host's (a null value removes a key). A new uri, username, "
            + "password or secrets (stored encrypted, never shown) reconnect the host: 202 with the connect task "
            + "(the one a refresh starts); any other change: 200 with the host.",
            responses = {
                @ApiResponse(responseCode = "200", description = "changed; the host",
                        content = @Content(schema = @Schema(implementation = HostView.class))),
                @ApiResponse(responseCode = "202", description = "changed, and the host is being reconnected with "
                        + "its new endpoint or credentials: the connect task; Location names it",
                        content = @Content(schema = @Schema(implementation = TaskView.class))),
                @ApiResponse(responseCode = "400", description = "invalid input, or no such cluster (problem+json "
                        + "names the field)"),
                @ApiResponse(responseCode = "404", description = "no such host"),
                @ApiResponse(responseCode = "409", description = "name taken, or the cluster is for another "
                        + "hypervisor type")})
    public Response update(@Context SecurityContext security, @PathParam("id") String id, HostUpdate update) {
        HostUpdated updated = hosts.update(Api.caller(security), id, update);
        return updated.reconnect() != null ? Api.accepted(updated.reconnect())
                : Response.ok(updated.host()).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a host without instances (admin)")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        hosts.delete(Api.caller(security), id);
        return Response.noContent().build();
    }
}
