package org.ovm.core.storage;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.task.TaskView;

/** Storage pools. Everyone may list them (non-admins without URI and host); the rest is admin only. */
public interface StoragePoolService {

    /** Filters: {@code name}, {@code type}, {@code hostId}, {@code state}. */
    Page<StoragePoolView> list(Caller caller, Filters filters, PageRequest page);

    StoragePoolView get(Caller caller, String id);

    /** Registers the pool and starts a task that attaches it to its host. */
    TaskView create(Caller caller, StoragePoolRequest request);

    /** Starts a task that detaches an empty pool (409 while volumes or images use it). */
    TaskView delete(Caller caller, String id);
}
