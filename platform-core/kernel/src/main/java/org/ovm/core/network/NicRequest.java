package org.ovm.core.network;

/**
 * A NIC of an instance to create.
 *
 * @param networkId the network to plug it into
 * @param ip        a fixed address inside the network's range, or null to take the next free one
 */
public record NicRequest(String networkId, String ip) {
}
