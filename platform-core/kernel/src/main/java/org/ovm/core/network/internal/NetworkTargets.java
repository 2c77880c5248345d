package org.ovm.core.network.internal;

import java.util.concurrent.CompletionStage;

import org.ovm.core.host.internal.HostAccess;
import org.ovm.spi.network.NetworkTarget;

/** Resolves a host to what a network driver is given: its endpoint, type and hypervisor driver. */
@FunctionalInterface
public interface NetworkTargets {

    /** The host as a {@link NetworkTarget}; {@code waitForDriver} as in {@link HostAccess#target}. */
    CompletionStage<NetworkTarget> target(String hostId, boolean waitForDriver);

    /** The kernel's targets: the host's endpoint (secrets decrypted), type and hypervisor driver. */
    static NetworkTargets of(HostAccess access) {
        return (hostId, wait) -> access.target(hostId, wait).thenApply(NetworkTargets::of);
    }

    /** A resolved host as network drivers get it. */
    static NetworkTarget of(HostAccess.Target host) {
        return new NetworkTarget(host.endpoint(), host.hostType(), host.driver());
    }
}
