package org.ovm.core.storage;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.task.TaskView;

/** Storage pools. Everyone may list them (non-admins without URI and hosts); the rest is admin only. */
public interface StoragePoolService {

    /** Filters: {@code name}, {@code type}, {@code hostId}, {@code clusterId}, {@code state}. */
    Page<StoragePoolView> list(Caller caller, Filters filters, PageRequest page);

    StoragePoolView get(Caller caller, String id);

    /**
     * Registers the pool and starts a task that attaches it to its hosts: the one host, the hosts
     * given, or every host of the cluster (hosts joining the cluster later get it when they connect).
     */
    TaskView create(Caller caller, StoragePoolRequest request);

    /** Starts a task that detaches an empty pool (409 while volumes or images use it). */
    TaskView delete(Caller caller, String id);

    /** Starts a task that attaches a shared pool to one more host (409 for pools of one host). */
    TaskView attachHost(Caller caller, String id, PoolHostRequest request);

    /**
     * Starts a task that detaches the pool from one host (409 while instances of that host have disks
     * in the pool, and for the only host of a pool: delete the pool instead).
     */
    TaskView detachHost(Caller caller, String id, String hostId);
}
