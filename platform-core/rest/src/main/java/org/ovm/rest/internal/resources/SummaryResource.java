package org.ovm.rest.internal.resources;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.ovm.core.summary.SummaryService;
import org.ovm.core.summary.SummaryView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The dashboard's summary. */
@Path("/summary")
@Tag(name = "summary")
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {

    private final SummaryService summary;

    public SummaryResource(SummaryService summary) {
        this.summary = summary;
    }

    @GET
    @Operation(summary = "What the dashboard shows: hosts, instances and tasks by state, capacity per cluster, "
            + "pools, the last 10 failed tasks and alarms (hosts and pools not UP); a user who is not an admin gets "
            + "their VDC's instances, tasks and failures and its quota instead of hosts, clusters, pools and alarms")
    public SummaryView get(@Context SecurityContext security) {
        return summary.summary(Api.caller(security));
    }
}
