package org.ovm.core.network.security;

/**
 * What a client sends to create a security group.
 *
 * @param name        unique within the VDC; letters, digits, '.', '_' and '-'
 * @param vdcId       the owning VDC: required from admins, the caller's own VDC for everyone else
 * @param description free text, or null
 */
public record SecurityGroupRequest(String name, String vdcId, String description) {
}
