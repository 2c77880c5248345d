package org.ovm.rest.internal.resources;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.ovm.core.HealthService;
import org.ovm.core.HealthView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/health")
@Tag(name = "health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final HealthService health;

    public HealthResource(HealthService health) {
        this.health = health;
    }

    @GET
    @SecurityRequirements
    @Operation(summary = "Engine status, version and installed plugins (no authentication)")
    public Response get() {
        HealthView view = health.health();
        return Response.status("UP".equals(view.status()) ? 200 : 503).entity(view).build();
    }
}
