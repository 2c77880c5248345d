package org.ovm.rest.internal.resources;

import java.io.InputStream;
import java.net.URI;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
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
import org.ovm.core.image.ImageRequest;
import org.ovm.core.image.ImageService;
import org.ovm.core.image.ImageUpload;
import org.ovm.core.image.ImageView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/images")
@Tag(name = "images")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ImageResource {

    private final ImageService images;
    private final IdempotencyService idempotency;

    public ImageResource(ImageService images, IdempotencyService idempotency) {
        this.images = images;
        this.idempotency = idempotency;
    }

    @GET
    @Operation(summary = "List templates and ISOs (filters: name, kind, poolId)")
    public ListResponse<ImageView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset, @QueryParam("name") String name,
            @QueryParam("kind") String kind, @QueryParam("poolId") String poolId) {
        return ListResponse.of(images.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an image")
    public ImageView get(@Context SecurityContext security, @PathParam("id") String id) {
        return images.get(Api.caller(security), id);
    }

    @POST
    @Operation(summary = "Register a file already in a pool: {name, kind: template|iso, format: one the pool's driver creates (its first by default), poolId, "
            + "volume, properties?: {kernel, initrd, cmdline}} (admin); 202 with the register task")
    public Response register(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            ImageRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /images", request,
                () -> Api.accepted(images.register(caller, request)));
    }

    @POST
    @Path("/upload")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Upload an image file into a pool (admin): ?name=&poolId=&format=(default: the pool driver's first)|iso&kind=; "
            + "its header is checked first by the pool's driver (an image naming a backing or external data file is refused)")
    public Response upload(@Context SecurityContext security, @QueryParam("name") String name,
            @QueryParam("poolId") String poolId, @QueryParam("format") String format, @QueryParam("kind") String kind,
            @HeaderParam("Content-Length") Long length, InputStream data) {
        ImageView image = images.upload(Api.caller(security), new ImageUpload(name, kind, format, poolId),
                length == null ? -1 : length, data);
        return Response.status(201).location(URI.create("images/" + image.id())).entity(image)
                .build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Forget an image that no volume is cloned from (admin); its file stays in the pool")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        images.delete(Api.caller(security), id);
        return Response.noContent().build();
    }
}
