package org.ovm.core.task;

import java.time.Duration;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;

/** Durable tasks. Users see their own tasks; admins all. */
public interface TaskService {

    /** Filters: {@code state}, {@code resourceId}, {@code operation}. */
    Page<TaskView> list(Caller caller, Filters filters, PageRequest page);

    TaskView get(Caller caller, String id);

    /** Waits until the task finished or the timeout passed; returns its latest view. */
    TaskView await(Caller caller, String id, Duration timeout);
}
