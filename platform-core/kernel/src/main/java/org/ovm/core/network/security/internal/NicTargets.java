package org.ovm.core.network.security.internal;

import java.util.HashMap;
import java.util.Map;

import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.network.NetworkTarget;

/** How network drivers are told about a network and the host of a NIC (the same as the NIC steps tell them). */
public final class NicTargets {

    private NicTargets() {
    }

    /** The host as network drivers get it: its endpoint, type and hypervisor driver. */
    public static NetworkTarget of(HostAccess.Target host) {
        return new NetworkTarget(host.endpoint(), host.hostType(), host.driver());
    }

    /** A network as network drivers get it, with its DNS servers and address range as settings. */
    public static NetworkSpec spec(NetworkEntity network) {
        Map<String, String> settings = new HashMap<>();
        if (network.getDns() != null) {
            settings.put("dns", network.getDns());
        }
        settings.put("rangeStart", network.getRangeStart());
        settings.put("rangeEnd", network.getRangeEnd());
        return new NetworkSpec(network.getId(), network.getName(), network.getVlan(), network.getCidr(),
                network.getGateway(), settings);
    }
}
