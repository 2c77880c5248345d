package org.ovm.core.network.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.network.security.SecurityGroupRuleRequest;

/** What a rule may say: table-driven, each refusal a 400 naming its field. */
class RuleChecksTest {

    private static SecurityGroupRuleRequest rule(String direction, String protocol, Integer min, Integer max,
            String cidr, String group) {
        return new SecurityGroupRuleRequest(direction, protocol, min, max, cidr, group);
    }

    @Test
    void goodRulesAreStoredInTheirCanonicalForm() {
        assertThat(RuleChecks.check(rule("ingress", "tcp", 22, null, null, null)))
                .isEqualTo(new RuleChecks.Checked("ingress", "tcp", 22, 22, "0.0.0.0/0", null));
        assertThat(RuleChecks.check(rule("ingress", "udp", null, 53, "10.1.0.0/16", null)))
                .isEqualTo(new RuleChecks.Checked("ingress", "udp", 53, 53, "10.1.0.0/16", null));
        assertThat(RuleChecks.check(rule("egress", "tcp", 8000, 8080, "010.0.0.5/32", null)))
                .isEqualTo(new RuleChecks.Checked("egress", "tcp", 8000, 8080, "10.0.0.5/32", null));
        assertThat(RuleChecks.check(rule("ingress", "tcp", null, null, null, null)).portMin()).as("every port")
                .isNull();
        assertThat(RuleChecks.check(rule("ingress", "icmp", null, null, null, "g1")))
                .isEqualTo(new RuleChecks.Checked("ingress", "icmp", null, null, null, "g1"));
        assertThat(RuleChecks.check(rule("egress", "any", null, null, "0.0.0.0/0", null)).remoteCidr())
                .isEqualTo("0.0.0.0/0");
        assertThat(RuleChecks.check(rule("ingress", "tcp", 1, 65535, null, null)).portMax()).isEqualTo(65535);
    }

    private record Refusal(SecurityGroupRuleRequest rule, String field, String words) {
    }

    @Test
    void badRulesAreRefusedNamingTheField() {
        List<Refusal> refusals = List.of(
                new Refusal(null, null, "JSON body"),
                new Refusal(rule(null, "tcp", null, null, null, null), "direction", "ingress"),
                new Refusal(rule("inbound", "tcp", null, null, null, null), "direction", "inbound"),
                new Refusal(rule("ingress", null, null, null, null, null), "protocol", "tcp, udp, icmp or any"),
                new Refusal(rule("ingress", "sctp", null, null, null, null), "protocol", "sctp"),
                new Refusal(rule("ingress", "TCP", null, null, null, null), "protocol", "TCP"),
                new Refusal(rule("ingress", "tcp", 0, null, null, null), "portMin", "between 1 and 65535"),
                new Refusal(rule("ingress", "tcp", 22, 70000, null, null), "portMax", "70000"),
                new Refusal(rule("ingress", "udp", -1, 5, null, null), "portMin", "-1"),
                new Refusal(rule("ingress", "tcp", 90, 80, null, null), "portMax", "below portMin 90"),
                new Refusal(rule("ingress", "icmp", 1, null, null, null), "portMin", "tcp and udp only"),
                new Refusal(rule("egress", "any", null, 80, null, null), "portMax", "tcp and udp only"),
                new Refusal(rule("ingress", "tcp", 22, 22, "10.0.0.0/8", "g1"), "remoteGroupId", "not both"),
                new Refusal(rule("ingress", "tcp", 22, 22, null, " "), "remoteGroupId", "empty"),
                new Refusal(rule("ingress", "tcp", 22, 22, "10.0.0.1", null), "remoteCidr", "10.0.0.5/32"),
                new Refusal(rule("ingress", "tcp", 22, 22, "10.0.0.0/33", null), "remoteCidr", "/33"),
                new Refusal(rule("ingress", "tcp", 22, 22, "10.0.0.0/x", null), "remoteCidr", "CIDR"),
                new Refusal(rule("ingress", "tcp", 22, 22, "10.0.300.0/24", null), "remoteCidr", "IPv4"),
                new Refusal(rule("ingress", "tcp", 22, 22, "10.0.0.1/24", null), "remoteCidr", "10.0.0.0/24?"),
                new Refusal(rule("ingress", "tcp", 22, 22, "fe80::/64", null), "remoteCidr", "IPv4"));
        for (Refusal refusal : refusals) {
            assertThatThrownBy(() -> RuleChecks.check(refusal.rule())).as(String.valueOf(refusal.rule()))
                    .isInstanceOfSatisfying(OvmException.class, e -> {
                        assertThat(e.error()).isEqualTo(OvmError.INVALID_INPUT);
                        assertThat(e.field()).isEqualTo(refusal.field());
                        assertThat(e.getMessage()).contains(refusal.words());
                    });
        }
    }
}
