package org.ovm.core.instance.internal;

import java.util.Arrays;
import java.util.List;

import org.ovm.core.task.internal.TaskParams;

/**
 * The parameters of {@code vapp.deploy}.
 *
 * @param createTasks the members' create tasks, comma-separated (the form tasks always stored)
 * @param startOrder  the members in the order they are powered on, comma-separated
 * @param onFailure   {@code rollback} (default) or {@code keep}
 * @param start       power the members on once created
 */
public record VAppParams(String createTasks, String startOrder, String onFailure, boolean start)
        implements TaskParams {

    static VAppParams of(List<String> createTasks, List<String> startOrder, String onFailure, boolean start) {
        return new VAppParams(String.join(",", createTasks), String.join(",", startOrder), onFailure, start);
    }

    List<String> createTaskIds() {
        return split(createTasks);
    }

    List<String> startOrderIds() {
        return split(startOrder);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }
}
