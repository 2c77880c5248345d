package org.ovm.plugin.kvm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.ovm.lib.libvirt.LibvirtErrors;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PauseSupport;
import org.ovm.spi.hypervisor.PowerState;

/**
 * Finds a host's domains (by UUID, the backend id OVM keeps, or by name) and reports them as
 * {@link InstanceInfo}s. Blocking; called on the kernel's executor.
 */
final class KvmDomains {

    private KvmDomains() {
    }

    /** Every domain of the host, running ones first; one undefined meanwhile is left out. */
    static List<InstanceInfo> list(Connect connect) throws LibvirtException {
        List<InstanceInfo> all = new ArrayList<>();
        for (int id : connect.listDomains()) {
            addIfPresent(all, () -> connect.domainLookupByID(id));
        }
        for (String name : connect.listDefinedDomains()) {
            addIfPresent(all, () -> connect.domainLookupByName(name));
        }
        return all;
    }

    /** The domain with this UUID; {@link ErrorCode#NOT_FOUND} when the host has none. */
    static Domain require(Connect connect, String backendId) throws LibvirtException {
        Domain domain = lookup(connect, backendId);
        if (domain == null) {
            throw new DriverException(ErrorCode.NOT_FOUND, "no domain " + backendId + " on the host");
        }
        return domain;
    }

    /** The domain with this UUID, or null (also for a string that is no UUID). */
    static Domain lookup(Connect connect, String uuid) throws LibvirtException {
        try {
            return connect.domainLookupByUUIDString(uuid);
        } catch (LibvirtException e) {
            if (LibvirtErrors.isMissingDomain(e) || e.getError() != null
                    && e.getError().getCode() == org.libvirt.Error.ErrorNumber.VIR_ERR_INVALID_ARG) {
                return null;
            }
            throw e;
        }
    }

    /** The domain with this name, or null. */
    static Domain lookupByName(Connect connect, String name) throws LibvirtException {
        try {
            return connect.domainLookupByName(name);
        } catch (LibvirtException e) {
            if (LibvirtErrors.isMissingDomain(e)) {
                return null;
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface DomainSource {
        Domain get() throws LibvirtException;
    }

    /** Adds a domain that may vanish between listing and lookup (someone undefined it meanwhile). */
    private static void addIfPresent(List<InstanceInfo> all, DomainSource source) throws LibvirtException {
        try {
            all.add(info(source.get()));
        } catch (LibvirtException e) {
            if (!LibvirtErrors.isMissingDomain(e)) {
                throw e;
            }
        }
    }

    static InstanceInfo info(Domain domain) throws LibvirtException {
        DomainInfo info = domain.getInfo();
        String xml = domain.getXMLDesc(0);
        Map<String, String> details = DomainXml.details(xml);
        if (info.state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
            int[] state = DomainStates.stateAndReason(domain);
            String reason = DomainStates.pauseReason(state[0], state[1]);
            if (reason != null) {
                details.put(PauseSupport.PAUSE_REASON, reason);
            }
        }
        // the memory the domain is configured to have (after an online resize less than its maximum;
        // the live value follows only when the guest runs a balloon driver)
        long memoryMiB = DomainXml.currentMemoryMiB(domain.getXMLDesc(2)).orElse(info.maxMem / 1024);
        return new InstanceInfo(domain.getUUIDString(), domain.getName(), state(info.state), info.nrVirtCpu,
                memoryMiB, details);
    }

    static PowerState state(DomainInfo.DomainState state) {
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED, VIR_DOMAIN_SHUTDOWN -> PowerState.RUNNING;
            case VIR_DOMAIN_PAUSED, VIR_DOMAIN_PMSUSPENDED -> PowerState.PAUSED;
            case VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_CRASHED -> PowerState.STOPPED;
            case VIR_DOMAIN_NOSTATE -> PowerState.UNKNOWN;
        };
    }
}
