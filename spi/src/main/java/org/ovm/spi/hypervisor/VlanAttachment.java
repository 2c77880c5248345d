package org.ovm.spi.hypervisor;

import java.util.Map;
import java.util.Objects;

/**
 * A VLAN network to make exist on a host, as {@link VlanAttachSupport} receives it.
 *
 * @param networkId the kernel's id of the network
 * @param name      its display name
 * @param vlan      the 802.1Q tag, 1..4094
 * @param cidr      its IPv4 subnet, e.g. {@code 10.100.0.0/24}
 * @param gateway   its gateway, or null
 * @param settings  the network's driver settings; never null
 * @since 1.6
 */
public record VlanAttachment(String networkId, String name, int vlan, String cidr, String gateway,
        Map<String, String> settings) {

    public VlanAttachment {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(cidr, "cidr");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
