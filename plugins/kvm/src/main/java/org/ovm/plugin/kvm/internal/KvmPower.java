package org.ovm.plugin.kvm.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PauseSupport;
import org.ovm.spi.hypervisor.StopMode;
import org.ovm.spi.hypervisor.VmSpec;

/**
 * A domain's life: defining it from a {@link VmSpec}, starting, stopping (gracefully with a forced
 * stop before the deadline), rebooting, resuming and undefining it. Blocking; called on the
 * kernel's executor.
 */
final class KvmPower {

    /** How often a graceful stop checks whether the guest is down. */
    static final long STOP_POLL_MILLIS = 250;
    /** Time kept back from the deadline to force a stop the guest ignored. */
    static final long FORCE_MARGIN_MILLIS = 5_000;
    /** How long after a resume the domain is checked for having paused again. */
    static final long RESUME_CHECK_MILLIS = 1_000;
    /** Where a guest's serial console is logged on its host (libvirt's own log directory). */
    static final String SERIAL_LOG_DIR = "/var/log/libvirt/qemu/";
    /** libvirt undefine flags: managed save, snapshot metadata, NVRAM. */
    private static final int UNDEFINE_FLAGS = 1 | 2 | 4;

    private KvmPower() {
    }

    /** Defines a new domain (with the host's domain type, console address and a serial log); never twice. */
    static InstanceInfo define(Connect connect, HostEndpoint host, VmSpec spec) throws LibvirtException {
        if (KvmDomains.lookupByName(connect, spec.name()) != null) {
            throw new DriverException(ErrorCode.CONFLICT, "a domain named " + spec.name()
                    + " already exists on the host");
        }
        HostCapabilities caps = HostCapabilities.parse(connect.getCapabilities());
        String type = caps.chooseDomainType(host.settings().get(HostCapabilities.DOMAIN_TYPE_SETTING));
        Map<String, String> properties = new HashMap<>(spec.properties());
        properties.putIfAbsent("serialLog", SERIAL_LOG_DIR + spec.name() + "-serial.log");
        properties.put(DomainXml.CONSOLE_LISTEN, KvmHostProbe.consoleListen(host));
        VmSpec complete = new VmSpec(spec.name(), spec.cpus(), spec.memoryMiB(), spec.disks(), spec.nics(),
                properties);
        return KvmDomains.info(connect.domainDefineXML(DomainXml.build(complete, type, caps.arch())));
    }

    static InstanceInfo start(Connect connect, String backendId) throws LibvirtException {
        Domain domain = KvmDomains.require(connect, backendId);
        if (domain.isActive() == 0) {
            domain.create();
        }
        return KvmDomains.info(domain);
    }

    /** A graceful stop asks the guest (ACPI) and forces it {@link #FORCE_MARGIN_MILLIS} before the deadline. */
    static InstanceInfo stop(Connect connect, String backendId, StopMode mode, Instant deadline)
            throws LibvirtException {
        Domain domain = KvmDomains.require(connect, backendId);
        if (domain.isActive() == 0) {
            return KvmDomains.info(domain);
        }
        if (mode == StopMode.GRACEFUL) {
            domain.shutdown();
            long forceAt = deadline.toEpochMilli() - FORCE_MARGIN_MILLIS;
            while (domain.isActive() == 1 && System.currentTimeMillis() < forceAt) {
                sleep(STOP_POLL_MILLIS);
            }
        }
        if (domain.isActive() == 1) {
            domain.destroy();
        }
        return KvmDomains.info(domain);
    }

    static InstanceInfo reboot(Connect connect, String backendId) throws LibvirtException {
        Domain domain = KvmDomains.require(connect, backendId);
        if (domain.isActive() == 0) {
            throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName() + " is not running");
        }
        domain.reboot(0);
        return KvmDomains.info(domain);
    }

    /** Destroys and undefines the domain (with its snapshot metadata); nothing when it is gone. */
    static void undefine(Connect connect, String backendId) throws LibvirtException {
        Domain domain = KvmDomains.lookup(connect, backendId);
        if (domain != null) {
            if (domain.isActive() == 1) {
                domain.destroy();
            }
            try {
                domain.undefine(UNDEFINE_FLAGS);
            } catch (LibvirtException e) {
                domain.undefine();
            }
        }
    }

    /**
     * Resumes a paused domain. A guest paused by a failing disk pauses again at once when the storage
     * still fails (libvirt's resume itself succeeds): checked after {@link #RESUME_CHECK_MILLIS}.
     */
    static InstanceInfo resume(Connect connect, String backendId) throws LibvirtException {
        Domain domain = KvmDomains.require(connect, backendId);
        if (domain.isActive() == 0) {
            throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName() + " is stopped; start it");
        }
        if (domain.getInfo().state != DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
            return KvmDomains.info(domain);
        }
        domain.resume();
        sleep(RESUME_CHECK_MILLIS);
        InstanceInfo after = KvmDomains.info(domain);
        if (PauseSupport.IO_ERROR.equals(after.details().get(PauseSupport.PAUSE_REASON))) {
            throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName() + " paused again: its "
                    + "storage still fails (" + after.details().get("disks") + ")");
        }
        return after;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(ErrorCode.TIMEOUT, "interrupted while waiting for the guest");
        }
    }
}
