package org.ovm.rest.internal.resources;

import java.time.Duration;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.ovm.core.OvmException;
import org.ovm.core.task.TaskService;
import org.ovm.core.task.TaskView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Path("/tasks")
@Tag(name = "tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    static final int MAX_WAIT_SECONDS = 60;

    private final TaskService tasks;

    public TaskResource(TaskService tasks) {
        this.tasks = tasks;
    }

    @GET
    @Operation(summary = "List tasks you may read, newest first (filters: state, resourceId, resourceType, operation, "
            + "user)")
    public ListResponse<TaskView> list(@Context SecurityContext security, @Context UriInfo uri,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
            @Parameter(description = "search: a case-insensitive substring of the operation or the name of the task's target") @QueryParam("q") String q,
            @Parameter(description = "order: field or -field (descending), one of name (the target's), createdAt, finishedAt, operation, state") @QueryParam("sort") String sort,
            @QueryParam("state") String state, @QueryParam("resourceId") String resourceId,
            @QueryParam("resourceType") String resourceType, @QueryParam("operation") String operation,
            @QueryParam("user") String user) {
        return ListResponse.of(tasks.list(Api.caller(security), Api.filters(uri), Api.page(uri)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a task with its steps; ?wait=N long-polls up to N seconds for it to finish")
    public TaskView get(@Context SecurityContext security, @PathParam("id") String id,
            @Parameter(description = "seconds to wait for the task to finish (0-60)") @QueryParam("wait") Integer wait) {
        if (wait == null || wait == 0) {
            return tasks.get(Api.caller(security), id);
        }
        if (wait < 0 || wait > MAX_WAIT_SECONDS) {
            throw OvmException.invalid("wait", "wait must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
        }
        return tasks.await(Api.caller(security), id, Duration.ofSeconds(wait));
    }
}
