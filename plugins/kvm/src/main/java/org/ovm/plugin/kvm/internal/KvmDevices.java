package org.ovm.plugin.kvm.internal;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.InstanceInfo;

/**
 * Changes a domain's resources: vCPUs and memory (live where libvirt allows it, always in the
 * definition) and disks attached or detached, in the definition and, when it runs, live.
 * Blocking; called on the kernel's executor.
 */
final class KvmDevices {

    /** libvirt device flags: the persistent definition, and the live domain too when it runs. */
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;
    /** {@code VIR_DOMAIN_XML_SECURE}: the XML with passwords (the connection must be privileged). */
    private static final int SECURE_XML = 1;
    /** {@code VIR_DOMAIN_XML_INACTIVE}: the persistent definition (with SECURE when it is redefined: keeps the VNC password). */
    private static final int INACTIVE_XML = 2;

    private KvmDevices() {
    }

    static InstanceInfo resize(Connect connect, String backendId, int cpus, long memoryMiB) throws LibvirtException {
        Domain domain = KvmDomains.require(connect, backendId);
        if (domain.isActive() == 1) {
            resizeLive(domain, cpus, memoryMiB);
        }
        connect.domainDefineXML(DomainXml.resized(domain.getXMLDesc(INACTIVE_XML | SECURE_XML), cpus, memoryMiB,
                domain.isActive() == 1));
        return KvmDomains.info(domain);
    }

    /**
     * Online resize where libvirt allows it: memory up to the domain's maximum (balloon) and
     * vCPUs up to its maximum; anything beyond needs the instance stopped.
     */
    private static void resizeLive(Domain domain, int cpus, long memoryMiB) throws LibvirtException {
        long maxMemoryMiB = domain.getMaxMemory() / 1024;
        if (memoryMiB > maxMemoryMiB) {
            throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName() + " can grow to at most "
                    + maxMemoryMiB + " MiB while running; stop it to give it " + memoryMiB + " MiB");
        }
        DomainInfo info = domain.getInfo();
        if (cpus != info.nrVirtCpu) {
            int maxCpus = domain.getMaxVcpus();
            if (cpus > maxCpus) {
                throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName() + " can have at most "
                        + maxCpus + " vCPUs while running; stop it to give it " + cpus);
            }
            domain.setVcpusFlags(cpus, AFFECT_LIVE);
        }
        if (memoryMiB * 1024 != info.memory) {
            domain.setMemory(memoryMiB * 1024);
        }
    }

    /** Attaches the volume on the next free virtio target; nothing when the domain has it already. */
    static InstanceInfo attachDisk(Connect connect, String backendId, DiskSpec disk) throws LibvirtException {
        Domain domain = KvmDomains.require(connect, backendId);
        String xml = domain.getXMLDesc(INACTIVE_XML);
        if (DomainXml.diskDevice(xml, disk.volumePath()) == null) {
            domain.attachDeviceFlags(DomainXml.disk(disk, DomainXml.nextTarget(xml)),
                    AFFECT_CONFIG | (domain.isActive() == 1 ? AFFECT_LIVE : 0));
        }
        return KvmDomains.info(domain);
    }

    /** Detaches the volume; nothing when the domain does not have it. */
    static InstanceInfo detachDisk(Connect connect, String backendId, String volumePath) throws LibvirtException {
        Domain domain = KvmDomains.require(connect, backendId);
        String device = DomainXml.diskDevice(domain.getXMLDesc(INACTIVE_XML), volumePath);
        if (device != null) {
            domain.detachDeviceFlags(device, AFFECT_CONFIG | (domain.isActive() == 1 ? AFFECT_LIVE : 0));
        }
        return KvmDomains.info(domain);
    }
}
