package org.ovm.rest.internal.resources;

import java.io.InputStream;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.ovm.core.OvmException;

import io.swagger.v3.oas.annotations.Hidden;

/** Serves the OpenAPI document generated at build time and a Swagger UI page for it. */
@Path("/")
@Hidden
public class DocsResource {

    private static final Map<String, String> ASSETS = Map.of("swagger-ui.css", "text/css",
            "swagger-ui-bundle.js", "application/javascript");
    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>OVM API</title>
            <link rel="stylesheet" href="docs/swagger-ui.css"></head>
            <body><div id="swagger-ui"></div>
            <script src="docs/swagger-ui-bundle.js"></script>
            <script>window.ui = SwaggerUIBundle({url: 'openapi.json', dom_id: '#swagger-ui'});</script>
            </body></html>
            """;

    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openapi() {
        return Response.ok(resource("openapi/openapi.json")).build();
    }

    @GET
    @Path("docs")
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        return PAGE;
    }

    @GET
    @Path("docs/{asset}")
    public Response asset(@PathParam("asset") String asset) {
        String type = ASSETS.get(asset);
        if (type == null) {
            throw OvmException.notFound("document", asset);
        }
        return Response.ok(resource("swagger-ui/" + asset), type).build();
    }

    private static InputStream resource(String name) {
        InputStream in = DocsResource.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw OvmException.notFound("document", name);
        }
        return in;
    }
}
