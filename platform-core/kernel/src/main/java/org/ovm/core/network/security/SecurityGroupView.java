package org.ovm.core.network.security;

import java.util.List;

/** A security group with its rules and the NICs in it. */
public record SecurityGroupView(String id, String name, String description, String vdcId,
        List<SecurityGroupRuleView> rules, List<SecurityGroupMemberView> members, String createdAt) {
}
