package org.ovm.core.instance;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.console.ConsoleView;
import org.ovm.core.task.TaskView;

/**
 * Instances (VMs and containers). Users see and act on their VDC's instances only; admins on
 * all. Every action that touches a backend returns its task.
 */
public interface InstanceService {

    /**
     * Filters: {@code name}, {@code hostId}, {@code vdcId}, {@code state}, {@code managed} and
     * {@code tag} (instances carrying that tag); the search looks in names; sorts: {@code name} (the
     * usual order), {@code createdAt}, {@code state}, {@code cpus}, {@code memoryMiB}.
     */
    Page<InstanceView> list(Caller caller, Filters filters, PageRequest page);

    InstanceView get(Caller caller, String id);

    /**
     * Changes what {@code patch} gives (its tags), for whoever may act on the instance (its VDC's
     * users, admins); audited as {@code instance/updated}. 400 naming {@code tags} on a bad tag.
     *
     * @since 1.1
     */
    InstanceView update(Caller caller, String id, InstancePatch patch);

    /**
     * Validates, claims the host's capacity and starts the create task. Fails at once with 4xx
     * on bad input, 409 on a duplicate name or missing capacity, 503 if the host's driver is
     * absent.
     */
    TaskView create(Caller caller, InstanceRequest request);

    TaskView start(Caller caller, String id);

    /**
     * @param force          cut power instead of asking the guest
     * @param timeoutSeconds how long the guest gets to shut down before its power is cut (1..540),
     *                       or null for 60
     */
    TaskView stop(Caller caller, String id, boolean force, Integer timeoutSeconds);

    TaskView reboot(Caller caller, String id);

    /**
     * Brings an unmanaged (discovered) instance under management in a VDC without touching the
     * guest; its resources are booked on the host. Admin only.
     */
    InstanceView adopt(Caller caller, String id, AdoptRequest request);

    /** Where the running instance's console is (VNC and serial log). Read from the hypervisor. */
    ConsoleView console(Caller caller, String id);

    /** The instance's current counters (CPU time, memory, disk and network bytes). */
    StatsView stats(Caller caller, String id);

    /**
     * A container's output (stdout and stderr). 400 if the instance's hypervisor keeps none or a
     * parameter is wrong, 404 if the caller cannot see it.
     *
     * @param tail   the last lines only (0..100000), or null for all
     * @param since  only output after this: an ISO-8601 instant, epoch seconds, or an age such as {@code 10m}
     * @param follow keep streaming until the instance stops or the reader goes away
     */
    InstanceLogs logs(Caller caller, String id, Integer tail, String since, boolean follow);

    /**
     * Starts a task that changes the instance's vCPUs and memory. The host's capacity for a
     * larger size is claimed first (409 if it lacks room); a running instance is refused (409)
     * unless its host can resize online.
     */
    TaskView resize(Caller caller, String id, ResizeRequest request);

    /**
     * Removes the instance from its hypervisor and the inventory.
     *
     * @param deleteVolumes also delete its volumes (otherwise they stay, detached)
     */
    TaskView delete(Caller caller, String id, boolean deleteVolumes);

    /**
     * Starts a task that moves the instance to another host (admins only): live when it runs, its
     * definition when stopped; every disk's pool must serve the target. Without a host, placement
     * chooses another host of its cluster.
     *
     * @since 1.2
     */
    TaskView migrate(Caller caller, String id, MigrateRequest request);

    /**
     * Aborts the instance's running migration (admins only): the driver stops the job, the migration task fails
     * and the instance stays, running, where it was (its copied disks are deleted). Returns that task. 409 when no
     * migration of the instance runs, or its driver cannot abort one.
     *
     * @since 1.4
     */
    TaskView cancelMigration(Caller caller, String id);
}
