package org.ovm.core.network;

/** An address IPAM handed to a NIC. */
public record AddressView(String address, String mac, String networkId, String instanceId, String vdcId, int nic,
        String createdAt) {
}
