package org.ovm.core.network;

import java.util.List;

/**
 * A network as clients see it, with its address usage and where it is realized.
 *
 * @param ipv6Cidr     the IPv6 prefix given at create, or null; stored only: no driver realizes it yet
 * @param realizations the hosts the network is realized on (admins only; empty for other users)
 */
public record NetworkView(String id, String name, String type, int vlan, String cidr, String gateway, String dns,
        String rangeStart, String rangeEnd, String clusterId, long addressesTotal, int addressesUsed,
        String createdAt, String ipv6Cidr, List<RealizationView> realizations) {
}
