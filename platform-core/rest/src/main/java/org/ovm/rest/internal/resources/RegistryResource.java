package org.ovm.rest.internal.resources;

import java.net.URI;
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

import org.ovm.core.image.RegistryRequest;
import org.ovm.core.image.RegistryService;
import org.ovm.core.image.RegistryView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/registries")
@Tag(name = "images")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RegistryResource {

    private final RegistryService registries;

    public RegistryResource(RegistryService registries) {
        this.registries = registries;
    }

    @GET
    @Operation(summary = "List image registries (Registry HTTP API v2) the image center pulls from")
    public ListResponse<RegistryView> list(@Context SecurityContext security) {
        List<RegistryView> all = registries.list(Api.caller(security));
        return new ListResponse<>(all, all.size());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a registry")
    public RegistryView get(@Context SecurityContext security, @PathParam("id") String id) {
        return registries.get(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Add a registry (admin): {name, url: http(s)://host[:port], username?, password?}; it must "
            + "answer GET /v2/ with the credentials; the password is stored encrypted and never returned")
    public Response create(@Context SecurityContext security, RegistryRequest request) {
        RegistryView registry = registries.create(Api.caller(security), request);
        return Response.status(201).location(URI.create("registries/" + registry.id())).entity(registry).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a registry (admin); images pulled from it stay on their hosts")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        registries.delete(Api.caller(security), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/repositories")
    @Operation(summary = "The registry's repositories (its catalog)")
    public ListResponse<String> repositories(@Context SecurityContext security, @PathParam("id") String id) {
        List<String> all = registries.repositories(Api.caller(security), id);
        return new ListResponse<>(all, all.size());
    }

    @GET
    @Path("/{id}/tags")
    @Operation(summary = "A repository's tags: ?repository=ovm/busybox")
    public ListResponse<String> tags(@Context SecurityContext security, @PathParam("id") String id,
            @QueryParam("repository") String repository) {
        List<String> all = registries.tags(Api.caller(security), id, repository);
        return new ListResponse<>(all, all.size());
    }
}
