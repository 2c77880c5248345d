package org.ovm.plugin.kvm.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HostFacts;

/**
 * Reads a libvirt host's facts (CPUs, memory, versions, the domain type guests get there) and the
 * host settings they depend on. Blocking; called on the kernel's executor.
 */
final class KvmHostProbe {

    /** Host setting: the address QEMU's VNC listens on for guests OVM defines there (an IP literal). */
    static final String CONSOLE_LISTEN_SETTING = "consoleListen";
    private static final Pattern IP_LITERAL = Pattern.compile(
            "(\\d{1,3}(\\.\\d{1,3}){3})|([0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7})");

    private KvmHostProbe() {
    }

    static HostFacts probe(Connect connect, HostEndpoint host) throws LibvirtException {
        NodeInfo node = connect.nodeInfo();
        HostCapabilities caps = HostCapabilities.parse(connect.getCapabilities());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("hostname", connect.getHostName());
        details.put("libvirtVersion", version(connect.getLibVirVersion()));
        details.put("arch", caps.arch());
        details.put("domainTypes", String.join(",", caps.domainTypes()));
        details.put("domainType", caps.chooseDomainType(host.settings().get(HostCapabilities.DOMAIN_TYPE_SETTING)));
        details.put(CONSOLE_LISTEN_SETTING, consoleListen(host));
        details.put("sockets", String.valueOf(node.sockets));
        details.put("cores", String.valueOf(node.cores));
        details.put("threads", String.valueOf(node.threads));
        details.put("mhz", String.valueOf(node.mhz));
        String model = "unknown".equals(caps.cpuModel()) ? node.model : caps.cpuModel();
        return new HostFacts(model, node.cpus, node.memory / 1024, hypervisorVersion(connect), details);
    }

    /**
     * Where guests' consoles listen on this host: the host's {@code consoleListen} setting, or the
     * loopback. A remote host's consoles need an address the engine reaches (its own, or 0.0.0.0);
     * every console has a one-time password, so listening there does not open it.
     */
    static String consoleListen(HostEndpoint host) {
        String listen = host.settings().get(CONSOLE_LISTEN_SETTING);
        if (listen == null || listen.isBlank()) {
            return "127.0.0.1";
        }
        if (!IP_LITERAL.matcher(listen).matches()) {
            throw new DriverException(ErrorCode.INVALID, "host setting " + CONSOLE_LISTEN_SETTING + "=" + listen
                    + " is not an IP address (e.g. 0.0.0.0, or the host's own address)");
        }
        return listen;
    }

    private static String hypervisorVersion(Connect connect) throws LibvirtException {
        String type = connect.getType();
        return type + " " + version(connect.getVersion());
    }

    /** libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release. */
    static String version(long encoded) {
        return (encoded / 1_000_000) + "." + (encoded / 1_000 % 1_000) + "." + (encoded % 1_000);
    }
}
