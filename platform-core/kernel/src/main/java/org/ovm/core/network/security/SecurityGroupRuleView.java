package org.ovm.core.network.security;

/** A rule of a security group; {@code portMin}/{@code portMax} are null for every port. */
public record SecurityGroupRuleView(String id, String direction, String protocol, Integer portMin, Integer portMax,
        String remoteCidr, String remoteGroupId) {
}
