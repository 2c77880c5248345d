package org.ovm.core.network.security;

/**
 * An allow rule to add to a security group.
 *
 * @param direction     {@code ingress} (traffic to the group's NICs) or {@code egress} (from them)
 * @param protocol      {@code tcp}, {@code udp}, {@code icmp} or {@code any}
 * @param portMin       first port (tcp and udp only, 1..65535); with neither port, every port
 * @param portMax       last port (defaults to {@code portMin}: one port)
 * @param remoteCidr    the peers as an IPv4 CIDR ({@code 10.0.0.0/24}, {@code 10.0.0.5/32})
 * @param remoteGroupId or the peers as the NICs of another (or this) group of the same VDC; with
 *                      neither, {@code 0.0.0.0/0}
 */
public record SecurityGroupRuleRequest(String direction, String protocol, Integer portMin, Integer portMax,
        String remoteCidr, String remoteGroupId) {
}
