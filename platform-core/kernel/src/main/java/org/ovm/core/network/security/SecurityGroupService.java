package org.ovm.core.network.security;

import java.util.List;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.task.TaskView;

/**
 * Security groups of VDCs and the NICs in them. Users and VDC admins manage their own VDC's groups
 * (other VDCs' are not found); admins manage every VDC's. Every change is an audited event; a
 * change of rules or members starts a task that applies the new policy to every NIC it affects.
 */
public interface SecurityGroupService {

    /** Filters: {@code name}, {@code vdcId}; searched by name; sorted by name or createdAt. */
    Page<SecurityGroupView> list(Caller caller, Filters filters, PageRequest page);

    SecurityGroupView get(Caller caller, String id);

    SecurityGroupView create(Caller caller, SecurityGroupRequest request);

    SecurityGroupView update(Caller caller, String id, SecurityGroupPatch patch);

    /** 409 while NICs are in it or other groups' rules name it as their remote group. */
    void delete(Caller caller, String id);

    /** Adds a rule (409 for a rule the group has already); the group's NICs get it by a task. */
    SecurityGroupRuleView addRule(Caller caller, String groupId, SecurityGroupRuleRequest rule);

    /** Removes a rule; the group's NICs lose it by a task. */
    void removeRule(Caller caller, String groupId, String ruleId);

    /**
     * Puts NIC {@code nicIndex} of an instance in exactly {@code groupIds} (groups of the
     * instance's VDC; an empty list takes it out of every group) and starts the task that applies
     * its policy, and that of the NICs whose rules name those groups.
     */
    TaskView setNicGroups(Caller caller, String instanceId, int nicIndex, List<String> groupIds);
}
