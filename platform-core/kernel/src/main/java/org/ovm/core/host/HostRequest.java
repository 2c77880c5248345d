package org.ovm.core.host;

import java.util.Map;

/**
 * What a client sends to add a host. The password is stored encrypted and never returned;
 * {@code settings} are driver settings shown as they are (for example {@code domainType=qemu}
 * for a KVM host without working hardware virtualization). {@code secrets} are driver settings
 * that must stay secret, such as TLS client certificates and keys ({@code tlsCa}, {@code tlsCert},
 * {@code tlsKey} in PEM for a Docker engine over {@code tcp://}): stored encrypted like the
 * password, never returned (the host shows their names only), handed to the driver among its settings.
 */
public record HostRequest(String name, String type, String uri, String clusterId, String username, String password,
        Map<String, String> settings, Map<String, String> secrets) {

    /** A request without driver settings. */
    public HostRequest(String name, String type, String uri, String clusterId, String username, String password) {
        this(name, type, uri, clusterId, username, password, null, null);
    }

    /** A request without secrets. */
    public HostRequest(String name, String type, String uri, String clusterId, String username, String password,
            Map<String, String> settings) {
        this(name, type, uri, clusterId, username, password, settings, null);
    }

    @Override
    public String toString() {
        return "HostRequest[name=" + name + ", type=" + type + ", uri=" + uri + ", clusterId=" + clusterId + "]";
    }
}
