package org.ovm.spi.network;

import java.util.Map;
import java.util.Objects;

/**
 * A network as the kernel knows it.
 *
 * @param networkId the kernel's id
 * @param name      display name
 * @param vlan      802.1Q tag, 0 for untagged
 * @param cidr      subnet, e.g. {@code 10.10.0.0/24}
 * @param gateway   gateway address or null
 * @param settings  driver settings; never null
 */
public record NetworkSpec(String networkId, String name, int vlan, String cidr, String gateway,
        Map<String, String> settings) {

    public NetworkSpec {
        Objects.requireNonNull(networkId, "networkId");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
