package org.ovm.rest.internal.resources;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.ovm.core.event.EventService;
import org.ovm.core.event.EventView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/events")
@Tag(name = "events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private final EventService events;

    public EventResource(EventService events) {
        this.events = events;
    }

    @GET
    @Operation(summary = "The audit log, newest first (filters: topic, resourceId, user)")
    public ListResponse<EventView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @QueryParam("topic") String topic, @QueryParam("resourceId") String resourceId,
            @QueryParam("user") String user) {
        return ListResponse.of(events.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }
}
