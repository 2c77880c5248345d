package org.ovm.core.network;

import java.util.List;

/**
 * A NIC of an instance: its network, address, MAC and security groups.
 *
 * @since 1.1 {@code securityGroupIds}
 */
public record NicView(int index, String networkId, String ip, String mac, List<String> securityGroupIds) {

    public NicView {
        securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    }
}
