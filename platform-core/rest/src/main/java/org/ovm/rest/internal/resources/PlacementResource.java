package org.ovm.rest.internal.resources;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.ovm.core.placement.PlacementExplanation;
import org.ovm.core.placement.PlacementRequestView;
import org.ovm.core.placement.PlacementService;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/placements")
@Tag(name = "placement")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PlacementResource {

    private final PlacementService placement;

    public PlacementResource(PlacementService placement) {
        this.placement = placement;
    }

    @POST
    @Path("/explain")
    @Operation(summary = "Dry run of a placement: {clusterId or zoneId (neither: the default zone), hostIds, cpus, memoryMiB, storagePoolId, networkIds, affinityGroupId} -> every host of the scope ranked, "
            + "with the reason for each rejected one (admin)")
    public PlacementExplanation explain(@Context SecurityContext security, PlacementRequestView request) {
        return placement.explain(Api.caller(security), request);
    }
}
