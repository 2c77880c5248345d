package org.ovm.core.host;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.task.TaskView;

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

    /**
     * Puts the host into maintenance: placement and creates pass it by, its instances cannot be
     * started, the monitor and the inventory sync leave it alone (so it may be rebooted or
     * upgraded). While instances run on it, it is {@code PREPARING_FOR_MAINTENANCE} first: the task
     * {@code host.drain} moves them live to other hosts of its cluster (shared-nothing for local disks
     * where the driver can), then the host is {@code MAINTENANCE}; what cannot move is named in its
     * reason and it stays preparing. A host that is DOWN or in ERROR may always enter.
     */
    HostView enterMaintenance(Caller caller, String id);

    /** Takes the host out of maintenance: it reconnects (the returned task) and is UP again if it answers. */
    TaskView activate(Caller caller, String id);

    /**
     * Reads the TLS certificate an address presents (a bare handshake, no login), so that an admin
     * can confirm its fingerprint before adding the host with it pinned. 400 naming {@code uri}
     * when the address is malformed or does not complete a TLS handshake.
     */
    HostCertificate certificate(Caller caller, CertificateRequest request);

    /**
     * Changes a host (see {@link HostUpdate}): name, cluster (same hypervisor type: 409 naming both
     * types otherwise; its instances and their capacity claims move with it), driver settings and
     * secrets (merged, a null value removes a key), URI and credentials (stored encrypted). A change of
     * the URI, credentials or secrets starts the connect task that {@link #refresh} starts, returned
     * in {@link HostUpdated#reconnect()}.
     */
    HostUpdated update(Caller caller, String id, HostUpdate update);

    /**
     * The admin's word that a {@code DOWN} or {@code NON_RESPONSIVE} host is powered off (oVirt's "confirm
     * host has been rebooted"; OVM cannot check it, and an instance running twice on shared disks corrupts
     * them): starts the task {@code host.ha-restart}, which restarts the host's HA instances on other hosts
     * of its cluster. Audited ({@code host/confirmed-down}). 409 for a host in any other state. The
     * confirmation lapses when the host answers again.
     */
    TaskView confirmDown(Caller caller, String id);

    /**
     * Sets the host's power management (see {@link PowerManagementRequest}): the controller a fence driver powers
     * it off through before its HA instances restart elsewhere. 400 naming the field for bad input, 503 when the
     * fence driver of that type is not installed. The password is stored encrypted. Audited
     * ({@code host/power-management-updated}, never the password).
     */
    HostView setPowerManagement(Caller caller, String id, PowerManagementRequest request);

    /** Removes the host's power management (a failed host then waits for an admin's confirmation again). */
    HostView removePowerManagement(Caller caller, String id);

    /**
     * Asks the host's controller for its power status, with the stored settings ({@code request} null) or with
     * the given ones (a null password: the stored one), so that an admin can check them before saving. Errors
     * name what to fix (a refused password: 502; no answer: 503).
     */
    PowerTest testPowerManagement(Caller caller, String id, PowerManagementRequest request);

    /** Removes a host that has no instances (409 otherwise). */
    void delete(Caller caller, String id);
}
