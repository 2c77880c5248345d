package org.ovm.rest.internal.resources;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.ovm.core.plugin.DriverTypes;
import org.ovm.core.plugin.PluginManager;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The driver types installed now: what hosts, pools and networks may be created with. */
@Path("/drivers")
@Tag(name = "plugins")
@Produces(MediaType.APPLICATION_JSON)
public class DriverResource {

    private final PluginManager plugins;

    public DriverResource(PluginManager plugins) {
        this.plugins = plugins;
    }

    @GET
    @Operation(summary = "The driver types installed now, by area: {hypervisor: [kvm, ...], storage: [...], "
            + "network: [...]}; a host, pool or network of another type cannot be added until its plugin is installed")
    public DriverTypes get(@Context SecurityContext security) {
        return plugins.drivers(Api.caller(security));
    }
}
