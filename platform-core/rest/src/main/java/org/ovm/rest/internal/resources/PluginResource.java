package org.ovm.rest.internal.resources;

import java.io.InputStream;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.ovm.core.plugin.PluginManager;
import org.ovm.core.plugin.PluginView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/plugins")
@Tag(name = "plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {

    /** Largest KAR accepted by upload. */
    static final long MAX_KAR_BYTES = 256L * 1024 * 1024;

    private final PluginManager plugins;

    public PluginResource(PluginManager plugins) {
        this.plugins = plugins;
    }

    @GET
    @Operation(summary = "List plugin features (ovm-plugin-*) with version, state and the services they provide")
    public ListResponse<PluginView> list(@Context SecurityContext security) {
        List<PluginView> all = plugins.list(Api.caller(security));
        return new ListResponse<>(all, all.size());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one plugin")
    public PluginView get(@Context SecurityContext security, @PathParam("id") String id) {
        return plugins.get(Api.caller(security), id);
    }

    @POST
    @Path("/{id}/install")
    @Operation(summary = "Install a plugin at runtime (admin); 202 with the task")
    public Response install(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(plugins.install(Api.caller(security), id));
    }

    @POST
    @Path("/{id}/uninstall")
    @Operation(summary = "Uninstall a plugin at runtime (admin); 202 with the task")
    public Response uninstall(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(plugins.uninstall(Api.caller(security), id));
    }

    @POST
    @Path("/{id}/upgrade")
    @Operation(summary = "Upgrade a plugin to the newest available version (admin); 202 with the task")
    public Response upgrade(@Context SecurityContext security, @PathParam("id") String id) {
        return Api.accepted(plugins.upgrade(Api.caller(security), id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Upload a third-party plugin packaged as a KAR (admin); answers the plugins it installed")
    public Response upload(@Context SecurityContext security, InputStream kar) {
        List<PluginView> added = plugins.uploadKar(Api.caller(security), kar, MAX_KAR_BYTES);
        return Response.status(201).entity(new ListResponse<>(added, added.size())).build();
    }

    @GET
    @Path("/kars")
    @Operation(summary = "List installed KARs (admin)")
    public ListResponse<String> kars(@Context SecurityContext security) {
        List<String> kars = plugins.listKars(Api.caller(security));
        return new ListResponse<>(kars, kars.size());
    }

    @DELETE
    @Path("/kars/{name}")
    @Operation(summary = "Remove an uploaded KAR and the plugins it installed (admin)")
    public Response removeKar(@Context SecurityContext security, @PathParam("name") String name) {
        plugins.removeKar(Api.caller(security), name);
        return Response.noContent().build();
    }
}
