package org.ovm.core.instance.internal;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.host.HostState;
import org.ovm.core.instance.InstanceRequest;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.inventory.StoragePoolEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Times;
import org.ovm.core.network.internal.AddressClaims;
import org.ovm.core.network.security.internal.NicMemberships;
import org.ovm.core.quota.internal.CapacityClaims;
import org.ovm.core.quota.internal.QuotaClaims;
import org.ovm.core.storage.internal.PoolOvercommit;
import org.ovm.core.task.internal.TaskEngine;

/**
 * Turns a checked create into rows: claims quota, capacity and addresses, writes the instance
 * and its create task, all in the caller's transaction (a failure leaves nothing). Used by single
 * creates and by vApps, which prepare all their members in one transaction.
 */
public final class InstanceCreation {

    private final CreatePlanner planner;
    private final TaskEngine engine;
    private final CapacityClaims claims;
    private final QuotaClaims quotas;
    private final AddressClaims addresses;

    public InstanceCreation(CreatePlanner planner, TaskEngine engine, CapacityClaims claims, QuotaClaims quotas,
            AddressClaims addresses) {
        this.planner = planner;
        this.engine = engine;
        this.claims = claims;
        this.quotas = quotas;
        this.addresses = addresses;
    }

    /**
     * Validates a create, claims quota and capacity (placing the instance when the request names a
     * cluster), writes the instance row and its create task, all in the caller's transaction. The
     * task is not started.
     */
    public TaskEntity prepare(EntityManager em, Caller caller, InstanceRequest request, String vappId) {
        String tags = InstanceTags.encode(InstanceTags.check(request == null ? null : request.tags()));
        int haPriority = HaChecks.priority(request == null ? null : request.haPriority());
        CreatePlan plan = planner.plan(em, caller, request);
        HostEntity host = plan.host();
        long diskGiB = plan.disk().quotaGiB();
        if (!plan.placed()) {
            // the host before the VDC, as placement does (it claims while choosing): one lock order
            claims.claim(em, host.getId(), plan.cpus(), plan.memoryMiB());
        }
        quotas.claim(em, plan.vdcId(), plan.cpus(), plan.memoryMiB(), diskGiB, 1);
        quotas.claimIps(em, plan.vdcId(), plan.networks().size());
        if (plan.disk().poolId() != null) {
            PoolOvercommit.check(em, em.find(StoragePoolEntity.class, plan.disk().poolId()), plan.disk().sizeBytes(),
                    request.diskGiB() != null ? "diskGiB" : "storagePoolId");
        }
        // the host's row is locked from here (HOSTS before INSTANCES, as entering maintenance does)
        claims.countInstances(em, host.getId(), 1);
        String state = claims.lockedState(em, host.getId());
        if (!HostState.UP.name().equals(state)) {
            // it went into maintenance (or down) since it was read: nothing of this create stays
            throw OvmException.conflict("hostId", "host " + host.getName() + " is " + state
                    + " now; instances can only be created on UP hosts");
        }
        long now = Times.now();
        InstanceEntity instance = new InstanceEntity();
        instance.setId(Ids.newId());
        instance.setName(plan.name());
        instance.setHostId(host.getId());
        instance.setVdcId(plan.vdcId());
        instance.setState(InstanceState.CREATING);
        instance.setCpus(plan.cpus());
        instance.setMemoryMib(plan.memoryMiB());
        instance.setManaged(true);
        instance.setKind(plan.kind());
        instance.setImageId(request.imageId());
        instance.setVappId(vappId);
        instance.setAffinityGroupId(plan.group() == null ? null : plan.group().getId());
        instance.setOwnerId(caller.userId());
        instance.setTags(tags);
        instance.setHa(Boolean.TRUE.equals(request.ha()));
        instance.setHaPriority(haPriority);
        instance.setCreatedAt(now);
        instance.setUpdatedAt(now);
        em.persist(instance);
        for (int nic = 0; nic < plan.networks().size(); nic++) {
            addresses.claim(em, plan.networks().get(nic), request.nics().get(nic).ip(), instance.getId(),
                    plan.vdcId(), nic, plan.macPrefix());
        }
        NicMemberships.join(em, instance.getId(), request.nics());
        InstanceParams.Create params = plan.disk().params(plan.start()).withGuestOs(request.guestOs());
        return engine.create(em, InstanceOperations.CREATE, instance.getId(), caller, plan.vdcId(),
                plan.container() == null ? params : params.withContainer(Json.writeObject(plan.container())));
    }
}
