package org.ovm.plugin.vlannet.internal;

import java.util.Properties;

/**
 * A network realized on a KVM host of this machine, as its state directory records it: enough to
 * supervise, repair and remove it without the kernel (after an engine restart too).
 *
 * @param key         the state directory's name, also the network namespace's name
 * @param networkId   the kernel's id of the network
 * @param hostId      the kernel's id of the host
 * @param bridge      the Open vSwitch bridge
 * @param runDir      Open vSwitch's run directory
 * @param vlan        the access port's tag
 * @param cidr        the network's subnet
 * @param dhcpAddress the DHCP server's own address in it
 * @param gateway     the router option, or null
 * @param dns         the dns-server option (comma-separated addresses), or null
 * @param leaseTime   dnsmasq's lease time ({@code 1h}, {@code 3600}, ...)
 * @param hostVeth    the veth end on the bridge (root namespace)
 * @param nsVeth      the veth end in the namespace, where dnsmasq listens
 */
record Realization(String key, String networkId, String hostId, String bridge, String runDir, int vlan, String cidr,
        String dhcpAddress, String gateway, String dns, String leaseTime, String hostVeth, String nsVeth) {

    /** The namespace dnsmasq runs in. */
    String namespace() {
        return key;
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("key", key);
        p.setProperty("networkId", networkId);
        p.setProperty("hostId", hostId);
        p.setProperty("bridge", bridge);
        p.setProperty("runDir", runDir);
        p.setProperty("vlan", Integer.toString(vlan));
        p.setProperty("cidr", cidr);
        p.setProperty("dhcpAddress", dhcpAddress);
        if (gateway != null) {
            p.setProperty("gateway", gateway);
        }
        if (dns != null) {
            p.setProperty("dns", dns);
        }
        p.setProperty("leaseTime", leaseTime);
        p.setProperty("hostVeth", hostVeth);
        p.setProperty("nsVeth", nsVeth);
        return p;
    }

    static Realization fromProperties(Properties p) {
        return new Realization(p.getProperty("key"), p.getProperty("networkId"), p.getProperty("hostId"),
                p.getProperty("bridge"), p.getProperty("runDir"), Integer.parseInt(p.getProperty("vlan")),
                p.getProperty("cidr"), p.getProperty("dhcpAddress"), p.getProperty("gateway"), p.getProperty("dns"),
                p.getProperty("leaseTime", "1h"), p.getProperty("hostVeth"), p.getProperty("nsVeth"));
    }

    /** A short description for logs and messages. */
    String describe() {
        return "network " + networkId + " (VLAN " + vlan + ") on host " + hostId;
    }
}
