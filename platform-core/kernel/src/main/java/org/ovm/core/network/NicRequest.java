package org.ovm.core.network;

import java.util.List;

/**
 * A NIC of an instance to create.
 *
 * @param networkId        the network to plug it into
 * @param ip               a fixed address inside the network's range, or null to take the next free one
 * @param securityGroupIds the security groups (of the instance's VDC) to put it in, or null for none
 * @since 1.1 {@code securityGroupIds}
 */
public record NicRequest(String networkId, String ip, List<String> securityGroupIds) {

    /** A NIC in no security group. */
    public NicRequest(String networkId, String ip) {
        this(networkId, ip, null);
    }
}
