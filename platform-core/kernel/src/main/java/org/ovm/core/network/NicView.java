package org.ovm.core.network;

/** A NIC of an instance: its network, address and MAC. */
public record NicView(int index, String networkId, String ip, String mac) {
}
