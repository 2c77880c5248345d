package org.ovm.rest.internal.resources;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.core.UriInfo;

import org.ovm.core.event.EventExport;
import org.ovm.core.event.EventFormat;
import org.ovm.core.event.EventQuery;
import org.ovm.core.event.EventService;
import org.ovm.core.event.EventView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The audit log: read and export only. It is append-only through the API: there is no PUT, PATCH
 * or DELETE on {@code /events} (JAX-RS answers 405), and no endpoint changes an event.
 */
@Path("/events")
@Tag(name = "events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final EventService events;

    public EventResource(EventService events) {
        this.events = events;
    }

    @GET
    @Operation(summary = "The audit log, newest first (filters: topic, resourceId, user, outcome, source); each "
            + "event has its actor (user), source (client IP address, shell or engine) and outcome (SUCCEEDED, "
            + "FAILED, REFUSED)")
    public ListResponse<EventView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the message") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of createdAt, topic") @QueryParam("sort") String sort,
            @QueryParam("topic") String topic, @QueryParam("resourceId") String resourceId,
            @QueryParam("user") String user, @QueryParam("outcome") String outcome,
            @QueryParam("source") String source) {
        return ListResponse.of(events.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/export")
    @Produces({"application/x-ndjson", "text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "Export the audit log as a file, oldest first: every matching event, streamed (admins: all "
            + "events; vdc-admins: their VDC's; users: 403)", responses = {
                @ApiResponse(responseCode = "200", description = "JSON Lines (one event object per line) or RFC 4180 "
                        + "CSV with a header line; Content-Disposition: attachment", content = {
                            @Content(mediaType = "application/x-ndjson",
                                    schema = @Schema(implementation = EventView.class)),
                            @Content(mediaType = "text/csv", schema = @Schema(type = "string"))}),
                @ApiResponse(responseCode = "400", description = "unknown format or a bad since/until"),
                @ApiResponse(responseCode = "403", description = "the caller is neither admin nor vdc-admin")})
    public Response export(@Context SecurityContext security,
            @Parameter(description = "jsonl (default) or csv") @QueryParam("format") String format,
            @Parameter(description = "events at or after: ISO-8601 instant or date (UTC)") @QueryParam("since")
            String since,
            @Parameter(description = "events before: ISO-8601 instant or date (UTC)") @QueryParam("until")
            String until,
            @Parameter(description = "topic prefix, e.g. user/ or auth/refused") @QueryParam("topic") String topic) {
        EventFormat chosen = EventFormat.of(format);
        // checked here, before the answer starts: a refusal is still a 403
        EventExport export = events.export(Api.caller(security), EventQuery.parse(since, until, topic));
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            writer.write(chosen.header());
            try {
                export.forEach(event -> {
                    try {
                        writer.write(chosen.line(event));
                    } catch (java.io.IOException e) {
                        throw new UncheckedIOException(e); // the client went away: stop reading
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            writer.flush();
        };
        String file = "ovm-events-" + FILE_TIME.format(Instant.now()) + "." + chosen.extension();
        return Response.ok(body, MediaType.valueOf(chosen.mediaType()).withCharset("UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff").build();
    }
}
