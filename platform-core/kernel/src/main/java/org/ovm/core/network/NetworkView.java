package org.ovm.core.network;

/** A network as clients see it, with its address usage. */
public record NetworkView(String id, String name, String type, int vlan, String cidr, String gateway, String dns,
        String rangeStart, String rangeEnd, String clusterId, long addressesTotal, int addressesUsed,
        String createdAt) {
}
