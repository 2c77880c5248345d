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
import org.ovm.core.network.security.SecurityGroupPatch;
import org.ovm.core.network.security.SecurityGroupRequest;
import org.ovm.core.network.security.SecurityGroupRuleRequest;
import org.ovm.core.network.security.SecurityGroupRuleView;
import org.ovm.core.network.security.SecurityGroupService;
import org.ovm.core.network.security.SecurityGroupView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Security groups of VDCs. A change of a group's rules answers at once; the task that applies it to
 * the group's NICs (when it has any) is listed under {@code GET /tasks?resourceId={id}}.
 */
@Path("/security-groups")
@Tag(name = "security-groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SecurityGroupResource {

    private final SecurityGroupService groups;
    private final IdempotencyService idempotency;

    public SecurityGroupResource(SecurityGroupService groups, IdempotencyService idempotency) {
        this.groups = groups;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List security groups (filters: name, vdcId) with their rules and members; non-admins see "
            + "their VDC's")
    public ListResponse<SecurityGroupView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt") @QueryParam("sort") String sort,
            @Parameter(description = "exact name") @QueryParam("name") String name,
            @Parameter(description = "VDC id") @QueryParam("vdcId") String vdcId) {
        return ListResponse.of(groups.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a security group with its rules and the NICs in it")
    public SecurityGroupView get(@Context SecurityContext security, @PathParam("id") String id) {
        return groups.get(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Create a security group: {name, vdcId (admins; others get their own VDC), description?}",
            responses = {
                @ApiResponse(responseCode = "201", description = "the group",
                        content = @Content(schema = @Schema(implementation = SecurityGroupView.class))),
                @ApiResponse(responseCode = "400", description = "invalid input (problem+json names the field)"),
                @ApiResponse(responseCode = "403", description = "another VDC than the caller's"),
                @ApiResponse(responseCode = "409", description = "the VDC has a group of that name")})
    public Response create(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            SecurityGroupRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /security-groups", request, () -> {
            SecurityGroupView group = groups.create(caller, request);
            return Response.status(201).location(URI.create("security-groups/" + group.id())).entity(group).build();
        });
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Rename a security group or change its description: {name?, description?}",
            responses = {
                @ApiResponse(responseCode = "200", description = "the group",
                        content = @Content(schema = @Schema(implementation = SecurityGroupView.class))),
                @ApiResponse(responseCode = "400", description = "invalid input (problem+json names the field)"),
                @ApiResponse(responseCode = "404", description = "no such group (or another VDC's)"),
                @ApiResponse(responseCode = "409", description = "the VDC has a group of that name")})
    public SecurityGroupView update(@Context SecurityContext security, @PathParam("id") String id,
            SecurityGroupPatch patch) {
        return groups.update(Api.caller(security), id, patch);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a security group no NIC is in and no other group's rule names",
            responses = {
                @ApiResponse(responseCode = "204", description = "deleted"),
                @ApiResponse(responseCode = "404", description = "no such group (or another VDC's)"),
                @ApiResponse(responseCode = "409", description = "NICs are in it (the problem names their instances) "
                        + "or rules of other groups name it")})
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        groups.delete(Api.caller(security), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/rules")
    @Operation(summary = "Add an allow rule: {direction: ingress|egress, protocol: tcp|udp|icmp|any, portMin?, "
            + "portMax? (tcp/udp, 1..65535; none: every port), remoteCidr? | remoteGroupId? (a group of the same "
            + "VDC; neither: 0.0.0.0/0)}; a task applies it to the group's NICs",
            responses = {
                @ApiResponse(responseCode = "201", description = "the rule",
                        content = @Content(schema = @Schema(implementation = SecurityGroupRuleView.class))),
                @ApiResponse(responseCode = "400", description = "invalid rule (problem+json names the field)"),
                @ApiResponse(responseCode = "404", description = "no such group (or another VDC's)"),
                @ApiResponse(responseCode = "409", description = "the group has this rule already, or too many")})
    public Response addRule(@Context SecurityContext security, @PathParam("id") String id,
            SecurityGroupRuleRequest rule) {
        SecurityGroupRuleView added = groups.addRule(Api.caller(security), id, rule);
        return Response.status(201).location(URI.create("security-groups/" + id)).entity(added).build();
    }

    @DELETE
    @Path("/{id}/rules/{ruleId}")
    @Operation(summary = "Remove a rule; a task applies the change to the group's NICs",
            responses = {
                @ApiResponse(responseCode = "204", description = "removed"),
                @ApiResponse(responseCode = "404", description = "no such group or rule")})
    public Response removeRule(@Context SecurityContext security, @PathParam("id") String id,
            @PathParam("ruleId") String ruleId) {
        groups.removeRule(Api.caller(security), id, ruleId);
        return Response.noContent().build();
    }
}
