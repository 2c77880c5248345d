package org.ovm.core.storage;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.task.TaskView;

/** Volumes. Users see their VDC's volumes; admins all. */
public interface VolumeService {

    /** Filters: {@code name}, {@code poolId}, {@code instanceId}, {@code state}. */
    Page<VolumeView> list(Caller caller, Filters filters, PageRequest page);

    VolumeView get(Caller caller, String id);

    /** Starts a task that creates an empty volume in the pool driver's default format. */
    TaskView create(Caller caller, VolumeRequest request);

    /** Starts a task that deletes a detached volume (409 while attached). */
    TaskView delete(Caller caller, String id);

    /** Starts a task that grows a volume (shrinking is refused). */
    TaskView resize(Caller caller, String id, long sizeGiB);

    /** Starts a task, on the instance's queue, that attaches the volume to an instance of its host. */
    TaskView attach(Caller caller, String id, String instanceId);

    /** Starts a task that detaches the volume from its instance. */
    TaskView detach(Caller caller, String id);

    /**
     * Starts a task that copies a volume into a pool (its own or another, of any type whose driver
     * copies volumes): a new detached volume in the source's VDC, default name {@code <name>-copy},
     * claiming its disk quota and the pool's room. The source must be detached or its instance
     * stopped (409 otherwise).
     *
     * @since 1.1
     */
    TaskView copy(Caller caller, String id, VolumeCopyRequest request);

    /**
     * Starts a task that moves a volume to another pool, keeping its id and name: offline when it
     * is detached or its instance stopped, live (the hypervisor mirrors the disk, on the instance's
     * queue) when its instance runs.
     *
     * @since 1.1
     */
    TaskView migrate(Caller caller, String id, VolumeMigrateRequest request);
}
