package org.ovm.rest.internal.resources;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.ovm.core.OvmException;
import org.ovm.core.network.security.SecurityGroupService;
import org.ovm.core.task.TaskView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The security groups of one NIC of an instance. */
@Path("/instances/{id}/nics/{index}/security-groups")
@Tag(name = "security-groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NicSecurityGroupResource {

    private final SecurityGroupService groups;

    public NicSecurityGroupResource(SecurityGroupService groups) {
        this.groups = groups;
    }

    @PUT
    @Operation(summary = "Put a NIC in exactly these security groups of the instance's VDC: {securityGroupIds: [...]} "
            + "(an empty list: in none, anti-spoofing only); 202 with the task that applies its policy",
            responses = {
                @ApiResponse(responseCode = "202", description = "the task",
                        content = @Content(schema = @Schema(implementation = TaskView.class))),
                @ApiResponse(responseCode = "400", description = "a group that does not exist in the instance's VDC "
                        + "(problem+json names the field)"),
                @ApiResponse(responseCode = "404", description = "no such instance or NIC"),
                @ApiResponse(responseCode = "409", description = "the instance is being deleted")})
    public Response put(@Context SecurityContext security, @PathParam("id") String id, @PathParam("index") String index,
            NicGroups body) {
        int nic;
        try {
            nic = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            throw OvmException.notFound("NIC", index);
        }
        return Api.accepted(groups.setNicGroups(Api.caller(security), id, nic,
                body == null ? null : body.securityGroupIds()));
    }

    /** Body of a PUT: the groups' ids. */
    public record NicGroups(List<String> securityGroupIds) {
    }
}
