package org.ovm.spi.network;

import java.util.Objects;

import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;

/**
 * The host a network is realized on, with the hypervisor driver that manages it: a network driver
 * serving several host types realizes the host side itself where it can (an Open vSwitch port on a
 * KVM host) and otherwise asks the hypervisor driver, when it offers
 * {@link org.ovm.spi.hypervisor.VlanAttachSupport}, to plug the network in its own terms (an ESXi
 * port group, a Docker network). Network drivers never import a hypervisor plugin.
 *
 * @param host       how to reach the host
 * @param hostType   the host's hypervisor type ({@code kvm}, {@code docker}, {@code esxi}, ...)
 * @param hypervisor the driver managing the host
 * @since 1.1
 */
public record NetworkTarget(HostEndpoint host, String hostType, HypervisorDriver hypervisor) {

    public NetworkTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(hostType, "hostType");
        Objects.requireNonNull(hypervisor, "hypervisor");
    }

    /** The kernel's id of the host. */
    public String hostId() {
        return host.hostId();
    }
}
