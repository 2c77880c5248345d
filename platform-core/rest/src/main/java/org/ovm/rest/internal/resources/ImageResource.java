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
import org.ovm.core.OvmError;
import org.ovm.core.image.ImagePullRequest;
import org.ovm.core.image.ImageRequest;
import org.ovm.core.image.ImageService;
import org.ovm.core.image.ImageUpload;
import org.ovm.core.image.ImageView;
import org.ovm.rest.internal.providers.Problems;
import org.ovm.rest.internal.providers.UnreadBody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
    @Operation(summary = "List templates, ISOs and container images (filters: name, kind: template|iso|container, "
            + "poolId, hostId: container images on that host)")
    public ListResponse<ImageView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the name") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name, createdAt") @QueryParam("sort") String sort,
            @QueryParam("name") String name,
            @QueryParam("kind") String kind, @QueryParam("poolId") String poolId, @QueryParam("hostId") String hostId) {
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
            + "its header is checked first by the pool's driver (an image naming a backing or external data file is refused), "
            + "then its integrity (a truncated or corrupt qcow2 is refused) and its virtual size (at most 64 TiB); "
            + "a body that ends before its Content-Length is a 400 and nothing is kept")
    public Response upload(@Context SecurityContext security, @QueryParam("name") String name,
            @QueryParam("poolId") String poolId, @QueryParam("format") String format, @QueryParam("kind") String kind,
            @HeaderParam("Content-Length") Long length, InputStream data) {
        var caller = Api.caller(security);
        long declared = length == null ? -1 : length;
        UploadBody body = new UploadBody(data, declared);
        ImageView image;
        try {
            image = images.upload(caller, new ImageUpload(name, kind, format, poolId), declared, body);
        } catch (RuntimeException e) {
            if (!body.ended()) {
                throw e;
            }
            // the client stopped sending (nothing was kept): CXF must not try to drain the rest of a body
            // that will never come before it answers, and the connection cannot carry another request
            UnreadBody.discard();
            return Response.fromResponse(Problems.of(OvmError.INVALID_INPUT, "file", body.endedMessage(), null))
                    .header(UnreadBody.CONNECTION, "close").build();
        }
        return Response.status(201).location(URI.create("images/" + image.id())).entity(image)
                .build();
    }

    @POST
    @Path("/pull")
    @Operation(summary = "Pull a container image onto a container host or every UP container host of a cluster "
            + "(admin): {reference, registryId?, hostId | clusterId}; 202 with the pull task, whose progress shows")
    public Response pull(@Context SecurityContext security, @HeaderParam("Idempotency-Key") String key,
            ImagePullRequest request) {
        var caller = Api.caller(security);
        return Api.idempotent(idempotency, caller, key, "POST /images/pull", request,
                () -> Api.accepted(images.pull(caller, request)));
    }

    @POST
    @Path("/import")
    @Consumes({"application/x-tar", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import a tarball of a root file system as container image `reference` on a container host "
            + "(admin): ?hostId=&reference=repository:tag")
    public Response importImage(@Context SecurityContext security, @QueryParam("hostId") String hostId,
            @QueryParam("reference") String reference, InputStream data) {
        ImageView image = images.importImage(Api.caller(security), hostId, reference, data);
        return Response.status(201).location(URI.create("images/" + image.id())).entity(image).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Forget a template or ISO that no volume is cloned from (admin; its file stays in the pool), "
            + "or remove a container image from a host (`?hostId=`) or from every host that has it")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id,
            @QueryParam("hostId") String hostId) {
        images.delete(Api.caller(security), id, hostId);
        return Response.noContent().build();
    }
}
