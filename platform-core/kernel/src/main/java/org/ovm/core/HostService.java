package org.ovm.core;

/** Hypervisor hosts. Admin only. */
public interface HostService {

    /** Filters: {@code name}, {@code type}, {@code state}, {@code clusterId}. */
    Page<HostView> list(Caller caller, Filters filters, PageRequest page);

    HostView get(Caller caller, String id);

    /**
     * Registers a host and starts a task that connects to it and probes its facts. Fails at
     * once with 503 if no driver for the host's type is installed.
     */
    TaskView add(Caller caller, HostRequest request);

    /** Starts a task that probes the host again. */
    TaskView refresh(Caller caller, String id);

    /** Removes a host that has no instances (409 otherwise). */
    void delete(Caller caller, String id);
}
