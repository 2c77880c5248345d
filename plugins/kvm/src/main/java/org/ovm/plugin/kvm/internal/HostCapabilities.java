package org.ovm.plugin.kvm.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.w3c.dom.Element;

/**
 * What a host's libvirt capabilities say: CPU model, architecture and the domain types it can
 * run ({@code kvm}, {@code qemu}, or {@code test} for the test driver).
 *
 * @param cpuModel    host CPU model, or "unknown"
 * @param arch        host architecture
 * @param domainTypes domain types offered for guests of the host's architecture, in libvirt's order
 */
record HostCapabilities(String cpuModel, String arch, Set<String> domainTypes) {

    /** Host setting that forces the domain type (e.g. {@code qemu} where KVM does not work). */
    static final String DOMAIN_TYPE_SETTING = "domainType";

    static HostCapabilities parse(String xml) {
        Element root = Xml.parse(xml).getDocumentElement();
        String model = Xml.text(root, "host", "cpu", "model");
        String arch = Xml.text(root, "host", "cpu", "arch");
        Set<String> types = new LinkedHashSet<>();
        for (Element guest : Xml.children(root, "guest")) {
            Element archElement = Xml.child(guest, "arch");
            if (archElement == null || (arch != null && !arch.equals(archElement.getAttribute("name")))) {
                continue;
            }
            for (Element domain : Xml.children(archElement, "domain")) {
                types.add(domain.getAttribute("type"));
            }
        }
        return new HostCapabilities(model == null ? "unknown" : model, arch == null ? "x86_64" : arch, types);
    }

    /**
     * The domain type to define guests with: the host setting if given (it must be offered),
     * otherwise {@code kvm} if offered, then {@code qemu}, then the first offered. Never assumes kvm.
     */
    String chooseDomainType(String setting) {
        if (setting != null && !setting.isBlank()) {
            if (!domainTypes.contains(setting)) {
                throw new DriverException(ErrorCode.INVALID, "host setting domainType=" + setting
                        + " is not offered by this host (it offers " + domainTypes + ")");
            }
            return setting;
        }
        for (String preferred : List.of("kvm", "qemu")) {
            if (domainTypes.contains(preferred)) {
                return preferred;
            }
        }
        if (domainTypes.isEmpty()) {
            throw new DriverException(ErrorCode.UNSUPPORTED, "the host offers no domain type for " + arch);
        }
        return domainTypes.iterator().next();
    }
}
