package org.ovm.core.network;

/**
 * An address IPAM handed out: to a NIC of an instance (role {@code nic}), or to the DHCP server a
 * network driver with DHCP runs for the network on a host (role {@code dhcp}: no instance, VDC or
 * NIC; {@code hostId} names the host).
 */
public record AddressView(String address, String mac, String networkId, String instanceId, String vdcId, Integer nic,
        String createdAt, String role, String hostId) {

    /** Role of an address held by an instance's NIC. */
    public static final String NIC = "nic";

    /** Role of the address of a network's DHCP server on one host. */
    public static final String DHCP = "dhcp";
}
