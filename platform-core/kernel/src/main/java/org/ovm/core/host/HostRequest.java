package org.ovm.core.host;

import java.util.Map;

/**
 * What a client sends to add a host. The password is stored encrypted and never returned;
 * {@code settings} are driver settings shown as they are (for example {@code domainType=qemu}
 * for a KVM host without working hardware virtualization).
 */
public record HostRequest(String name, String type, String uri, String clusterId, String username, String password,
        Map<String, String> settings) {

    /** A request without driver settings. */
    public HostRequest(String name, String type, String uri, String clusterId, String username, String password) {
        this(name, type, uri, clusterId, username, password, null);
    }

    @Override
    public String toString() {
        return "HostRequest[name=" + name + ", type=" + type + ", uri=" + uri + ", clusterId=" + clusterId + "]";
    }
}
