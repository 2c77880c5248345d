package org.ovm.spi.network;

import java.util.List;
import java.util.Objects;

/**
 * What one NIC may send and receive. Anti-spoofing is always part of it: the NIC may only send
 * from {@link #mac()} and {@link #ip()} (and DHCP to get that address). Traffic filtering applies
 * only when {@link #filtered()}: then inbound traffic is dropped unless an {@link #ingress()} rule
 * allows it (replies to the NIC's own connections always pass), and outbound traffic passes
 * unless {@link #egress()} is non-empty, in which case only what it allows passes.
 *
 * @param mac      the NIC's MAC address
 * @param ip       the NIC's IPAM address
 * @param filtered whether the NIC is in at least one security group
 * @param ingress  allowed inbound traffic
 * @param egress   allowed outbound traffic; empty means everything
 * @since 1.1
 */
public record PortPolicy(String mac, String ip, boolean filtered, List<PortRule> ingress, List<PortRule> egress) {

    public PortPolicy {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ip, "ip");
        ingress = ingress == null ? List.of() : List.copyOf(ingress);
        egress = egress == null ? List.of() : List.copyOf(egress);
    }
}
