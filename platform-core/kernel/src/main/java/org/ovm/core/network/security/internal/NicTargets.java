package org.ovm.core.network.security.internal;

import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.network.internal.NetworkTargets;
import org.ovm.core.network.internal.Realizations;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.network.NetworkTarget;

/** How network drivers are told about a network and the host of a NIC (the same as the NIC steps tell them). */
public final class NicTargets {

    private NicTargets() {
    }

    /** The host as network drivers get it: its endpoint, type and hypervisor driver. */
    public static NetworkTarget of(HostAccess.Target host) {
        return NetworkTargets.of(host);
    }

    /** A network as network drivers get it, with its DNS servers and address range as settings. */
    public static NetworkSpec spec(NetworkEntity network) {
        return Realizations.spec(network, null);
    }
}
