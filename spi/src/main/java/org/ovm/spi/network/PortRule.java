package org.ovm.spi.network;

import java.util.Objects;

/**
 * One allow rule of a NIC's {@link PortPolicy}, resolved by the kernel: a rule naming another
 * security group arrives as one rule per address of that group's members.
 *
 * @param protocol   {@code tcp}, {@code udp}, {@code icmp} or {@code any}
 * @param portMin    first port (tcp/udp), or 0 for every port
 * @param portMax    last port (tcp/udp), or 0 for every port
 * @param remoteCidr the peer's addresses ({@code 0.0.0.0/0} for anyone; a single address as /32)
 * @since 1.1
 */
public record PortRule(String protocol, int portMin, int portMax, String remoteCidr) {

    public PortRule {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(remoteCidr, "remoteCidr");
    }
}
