package org.ovm.core.instance.internal;

import java.util.List;
import java.util.function.Function;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.host.HostState;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.hypervisor.HypervisorDriver;

/**
 * Submits a task that acts on one existing managed instance (power actions, snapshots): checks
 * that the instance can take it and that its hypervisor's driver is installed.
 */
public final class InstanceActions {

    private final InstanceRows rows;
    private final TaskEngine engine;
    private final DriverRegistry<HypervisorDriver> drivers;

    public InstanceActions(InstanceRows rows, TaskEngine engine, DriverRegistry<HypervisorDriver> drivers) {
        this.rows = rows;
        this.engine = engine;
        this.drivers = drivers;
    }

    /** Submits {@code operation} on the instance with the parameters {@code params} makes of its backend id. */
    public TaskView submit(Caller caller, String id, String operation, Function<String, TaskParams> params) {
        InstanceEntity instance = actionable(caller, id, operation);
        return TaskServiceImpl.view(engine.submit(operation, id, caller, instance.getVdcId(),
                params.apply(instance.getBackendId())), List.of());
    }

    /**
     * The instance, once it is known to be able to take {@code operation}: visible, managed, neither
     * created nor deleted right now, its driver installed (for callers that create the task themselves).
     */
    public InstanceEntity actionable(Caller caller, String id, String operation) {
        InstanceEntity instance = rows.visible(caller, id);
        if (!instance.isManaged()) {
            throw OvmException.conflict(null, "instance " + instance.getName()
                    + " is not managed by OVM; adopt it first");
        }
        if (instance.getState() == InstanceState.CREATING || instance.getState() == InstanceState.DELETING) {
            throw OvmException.conflict(null, "instance " + instance.getName() + " is " + instance.getState());
        }
        HostEntity host = requireDriver(instance);
        if (InstanceOperations.START.equals(operation) && (host.getState() == HostState.MAINTENANCE
                || host.getState() == HostState.PREPARING_FOR_MAINTENANCE)) {
            throw OvmException.conflict(null, "host " + host.getName() + " is in maintenance: instance "
                    + instance.getName() + " can start once the host is activated");
        }
        return instance;
    }

    /** The instance's host, once its hypervisor's driver is known to be installed. */
    public HostEntity requireDriver(InstanceEntity instance) {
        HostEntity host = rows.host(instance);
        drivers.require(host.getType());
        return host;
    }

    /** The driver of the instance's host, which must be installed. */
    public HypervisorDriver driver(HostEntity host) {
        return drivers.require(host.getType());
    }
}
