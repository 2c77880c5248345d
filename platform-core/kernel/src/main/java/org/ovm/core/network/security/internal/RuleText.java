package org.ovm.core.network.security.internal;

import java.util.Objects;

import org.ovm.core.internal.inventory.SecurityGroupRuleEntity;

/** Rules in words (for events) and rule equality (a group holds each rule once). */
final class RuleText {

    private RuleText() {
    }

    /** {@code ingress tcp 22 from 10.0.0.0/8}, {@code egress any to group <id>}. */
    static String of(SecurityGroupRuleEntity rule) {
        String ports = rule.getPortMin() == null ? ""
                : " " + rule.getPortMin() + (rule.getPortMax().equals(rule.getPortMin()) ? "" : "-" + rule.getPortMax());
        String peer = rule.getRemoteGroupId() != null ? "group " + rule.getRemoteGroupId() : rule.getRemoteCidr();
        return rule.getDirection() + " " + rule.getProtocol() + ports + (RuleChecks.INGRESS.equals(rule.getDirection())
                ? " from " : " to ") + peer;
    }

    static boolean same(SecurityGroupRuleEntity a, RuleChecks.Checked b) {
        return a.getDirection().equals(b.direction()) && a.getProtocol().equals(b.protocol())
                && Objects.equals(a.getPortMin(), b.portMin()) && Objects.equals(a.getPortMax(), b.portMax())
                && Objects.equals(a.getRemoteCidr(), b.remoteCidr())
                && Objects.equals(a.getRemoteGroupId(), b.remoteGroupId());
    }
}
