package org.ovm.core.network.security;

/** A NIC in a security group: its instance and index. */
public record SecurityGroupMemberView(String instanceId, String instanceName, int nicIndex) {
}
