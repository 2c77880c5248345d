package org.ovm.core.network;

/**
 * What an admin sends to create a network.
 *
 * @param name       unique; letters, digits, '.', '_' and '-'
 * @param type       the network driver that realizes it ({@code simulator}, {@code vlan}, ...)
 * @param vlan       802.1Q tag 1..4094; required by drivers with VLAN capability, else 0/null for untagged
 * @param cidr       IPv4 subnet, e.g. {@code 10.10.0.0/24} (prefix 8..30)
 * @param gateway    gateway address inside the subnet, or null
 * @param dns        DNS servers handed out by DHCP (comma separated), or null
 * @param rangeStart first address IPAM hands out (default: the first host address after the gateway)
 * @param rangeEnd   last address IPAM hands out (default: the last host address)
 * @param clusterId  the cluster whose hosts reach it, or null for every host of the driver's type
 * @param ipv6Cidr   an IPv6 prefix (/48 to /128) for the network, or null; stored and shown, not realized by
 *                   any driver yet
 */
public record NetworkRequest(String name, String type, Integer vlan, String cidr, String gateway, String dns,
        String rangeStart, String rangeEnd, String clusterId, String ipv6Cidr) {
}
