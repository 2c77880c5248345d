package org.ovm.core.network.security;

/** What a client sends to change a security group; omitted (null) fields keep their value. */
public record SecurityGroupPatch(String name, String description) {
}
