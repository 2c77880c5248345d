package org.ovm.core;

/** What a client sends to add a host. The password is stored encrypted and never returned. */
public record HostRequest(String name, String type, String uri, String clusterId, String username, String password) {

    @Override
    public String toString() {
        return "HostRequest[name=" + name + ", type=" + type + ", uri=" + uri + ", clusterId=" + clusterId + "]";
    }
}
