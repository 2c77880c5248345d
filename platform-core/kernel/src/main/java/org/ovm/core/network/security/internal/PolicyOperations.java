package org.ovm.core.network.security.internal;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.security.internal.NicMemberships.Nic;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperations;
import org.ovm.core.task.internal.TaskParams;

/**
 * The tasks that apply changed policies: {@code security-group.apply} after a group's rules changed
 * (on the group's queue: its NICs), {@code instance.nic-security-groups} after a NIC's groups
 * changed (on the instance's queue: that NIC and the NICs whose rules name its old or new groups).
 * Both read what to apply when they run, so running one again does no harm.
 */
public final class PolicyOperations {

    public static final String APPLY_GROUP = "security-group.apply";
    public static final String NIC_GROUPS = "instance.nic-security-groups";

    /** A group's apply: its name, for the task list (the task outlives a deleted group). */
    public record GroupParams(String name) implements TaskParams {
    }

    /** A NIC's groups changed: its index and its groups before and after, comma separated. */
    public record NicParams(int nic, String groups) implements TaskParams {
    }

    private final Tx tx;
    private final PortPolicies policies;

    public PolicyOperations(Tx tx, PortPolicies policies) {
        this.tx = tx;
        this.policies = policies;
    }

    public List<Operation> all() {
        return List.of(SimpleOperations.single(APPLY_GROUP, "apply", Operation.Recovery.RESUME, ctx -> {
            Set<Nic> nics = tx.call(em -> NicMemberships.membersOf(em, List.of(ctx.resourceId())));
            return policies.reapply(ctx.operation(), nics, ctx.recovering()).thenApply(v -> Map.of());
        }), SimpleOperations.single(NIC_GROUPS, "apply", Operation.Recovery.RESUME, ctx -> {
            NicParams params = ctx.params(NicParams.class);
            Nic changed = new Nic(ctx.resourceId(), params.nic());
            List<String> groups = params.groups() == null || params.groups().isEmpty() ? List.of()
                    : Arrays.asList(params.groups().split(","));
            Set<Nic> nics = new LinkedHashSet<>();
            nics.add(changed);
            nics.addAll(tx.call(em -> NicMemberships.membersOf(em, NicMemberships.referencing(em, groups))));
            return policies.reapply(ctx.operation(), nics, ctx.recovering()).thenApply(v -> Map.of());
        }));
    }
}
