package org.ovm.core.instance.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.instance.InstanceRequest;
import org.ovm.core.instance.VAppRequest;
import org.ovm.core.instance.VAppService;
import org.ovm.core.instance.VAppState;
import org.ovm.core.instance.VAppView;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.inventory.VAppEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.task.TaskView;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.core.task.internal.TaskServiceImpl;

/** vApps: batch placement in one transaction, then the deploy task. */
public final class VAppServiceImpl implements VAppService {

    static final int MAX_MEMBERS = 100;

    private final Tx tx;
    private final TaskEngine engine;
    private final InstanceCreation creation;

    public VAppServiceImpl(Tx tx, TaskEngine engine, InstanceCreation creation) {
        this.tx = tx;
        this.engine = engine;
        this.creation = creation;
    }

    @Override
    public Page<VAppView> list(Caller caller, Filters filters, PageRequest page) {
        List<Lists.Condition> fixed = caller.isAdmin() ? List.of()
                : List.of(new Lists.Condition("vdcId", caller.vdcId() == null ? "-" : caller.vdcId()));
        return tx.call(em -> Lists.page(em, VAppEntity.class, Map.of("name", "name", "state", "state"), filters,
                fixed, "name", page, this::view));
    }

    @Override
    public VAppView get(Caller caller, String id) {
        return view(visible(caller, id));
    }

    @Override
    public TaskView create(Caller caller, VAppRequest request) {
        if (request == null || request.instances() == null || request.instances().isEmpty()) {
            throw OvmException.invalid("instances", "a vApp needs 1 to " + MAX_MEMBERS + " instances");
        }
        if (request.instances().size() > MAX_MEMBERS) {
            throw OvmException.invalid("instances", "a vApp has at most " + MAX_MEMBERS + " instances");
        }
        String name = Ids.requireName("name", request.name());
        if (request.clusterId() == null) {
            throw OvmException.invalid("clusterId", "clusterId is required: the vApp is placed in a cluster");
        }
        String onFailure = request.onFailure() == null ? "rollback" : request.onFailure();
        if (!Set.of("rollback", "keep").contains(onFailure)) {
            throw OvmException.invalid("onFailure", "onFailure is rollback or keep");
        }
        Set<String> names = new HashSet<>();
        for (VAppRequest.Member member : request.instances()) {
            if (member == null || !names.add(String.valueOf(member.name()))) {
                throw OvmException.invalid("instances", "member names must be unique and given");
            }
        }
        TaskEntity deploy = tx.call(em -> {
            if (!em.createQuery("SELECT v.id FROM VAppEntity v WHERE v.name = ?1").setParameter(1, name)
                    .setMaxResults(1).getResultList().isEmpty()) {
                throw Ids.nameTaken(caller, name, "vApp '" + name + "' already exists");
            }
            VAppEntity vapp = new VAppEntity();
            vapp.setId(Ids.newId());
            vapp.setName(name);
            vapp.setClusterId(request.clusterId());
            vapp.setState(VAppState.DEPLOYING);
            vapp.setOnFailure(onFailure);
            vapp.setCreatedAt(Times.now());
            em.persist(vapp);
            // batch placement, largest first: all members get capacity and quota, or none does
            List<VAppRequest.Member> bySize = new ArrayList<>(request.instances());
            bySize.sort(Comparator.comparing((VAppRequest.Member m) -> m.memoryMiB() == null ? 0 : m.memoryMiB())
                    .thenComparing(m -> m.cpus() == null ? 0 : m.cpus()).reversed());
            Map<String, String> idByName = new LinkedHashMap<>();
            List<String> createTasks = new ArrayList<>();
            String vdcId = null;
            for (VAppRequest.Member member : bySize) {
                TaskEntity create = creation.prepare(em, caller, new InstanceRequest(member.name(), member.cpus(),
                        member.memoryMiB(), null, request.vdcId(), false, member.imageId(), null, null,
                        member.diskGiB(), null, request.clusterId(), null, member.nics(), member.affinityGroupId(),
                        null, member.container()), vapp.getId());
                createTasks.add(create.getId());
                idByName.put(member.name(), create.getResourceId());
                vdcId = create.getVdcId();
            }
            vapp.setVdcId(vdcId);
            List<String> startOrder = request.instances().stream().map(m -> idByName.get(m.name())).toList();
            VAppParams params = VAppParams.of(createTasks, startOrder, onFailure,
                    !Boolean.FALSE.equals(request.start()));
            return engine.create(em, VAppOperations.DEPLOY, vapp.getId(), caller, vdcId, params);
        });
        engine.start(deploy);
        return TaskServiceImpl.view(deploy, List.of());
    }

    @Override
    public TaskView delete(Caller caller, String id) {
        VAppEntity vapp = visible(caller, id);
        return TaskServiceImpl.view(engine.submit(VAppOperations.DELETE, id, caller, vapp.getVdcId(), TaskParams.NONE),
                List.of());
    }

    private VAppEntity visible(Caller caller, String id) {
        VAppEntity vapp = tx.call(em -> em.find(VAppEntity.class, id));
        if (vapp == null || !caller.canSee(vapp.getVdcId())) {
            throw OvmException.notFound("vApp", id);
        }
        return vapp;
    }

    private VAppView view(VAppEntity vapp) {
        List<String> members = tx.call(em -> em.createQuery("SELECT i.id FROM InstanceEntity i WHERE i.vappId = ?1 "
                + "ORDER BY i.name", String.class).setParameter(1, vapp.getId()).getResultList());
        return new VAppView(vapp.getId(), vapp.getName(), Objects.toString(vapp.getState(), null), vapp.getVdcId(), vapp.getClusterId(),
                vapp.getOnFailure(), members, Times.iso(vapp.getCreatedAt()));
    }

}
