package org.ovm.core.quota.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.VdcEntity;
import org.ovm.core.internal.support.Checks;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.quota.Quota;
import org.ovm.core.quota.Usage;
import org.ovm.core.quota.VdcRequest;
import org.ovm.core.quota.VdcService;
import org.ovm.core.quota.VdcView;

/** VDCs in the inventory. */
public final class VdcServiceImpl implements VdcService {

    private final Tx tx;
    private final EventPublisher events;

    public VdcServiceImpl(Tx tx, EventPublisher events) {
        this.tx = tx;
        this.events = events;
    }

    @Override
    public Page<VdcView> list(Caller caller, Filters filters, PageRequest page) {
        List<Lists.Condition> fixed = caller.isAdmin() ? List.of()
                : List.of(new Lists.Condition("id", caller.vdcId() == null ? "-" : caller.vdcId()));
        return tx.call(em -> Lists.page(em, VdcEntity.class, Map.of("name", "name"), filters, fixed, "name", page,
                VdcServiceImpl::view));
    }

    @Override
    public VdcView get(Caller caller, String id) {
        VdcEntity vdc = tx.call(em -> em.find(VdcEntity.class, id));
        if (vdc == null || !caller.canSee(id)) {
            throw OvmException.notFound("VDC", id);
        }
        return view(vdc);
    }

    @Override
    public VdcView create(Caller caller, VdcRequest request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with a name is required");
        }
        String name = Ids.requireName("name", request.name());
        Checks.requireText("description", request.description(), Checks.MAX_DESCRIPTION);
        VdcView created = tx.call(em -> {
            Ids.requireUnusedName(em, VdcEntity.class, "VDC", name);
            VdcEntity vdc = new VdcEntity();
            vdc.setId(Ids.newId());
            vdc.setName(name);
            vdc.setDescription(request.description());
            Quota quota = request.quota() == null ? Quota.UNLIMITED : request.quota();
            checkQuota(quota);
            vdc.setQuotaCpus(quota.cpus());
            vdc.setQuotaMemoryMib(quota.memoryMiB());
            vdc.setQuotaDiskGib(quota.diskGiB());
            vdc.setQuotaInstances(quota.instances());
            vdc.setQuotaIps(quota.ips());
            vdc.setCreatedAt(Times.now());
            em.persist(vdc);
            return view(vdc);
        });
        events.publish(caller, "vdc/created", created.id(), created.id(), "VDC " + name + " created with quota "
                + describe(created.quota()));
        return created;
    }

    @Override
    public VdcView setQuota(Caller caller, String id, Quota quota) {
        caller.requireAdmin();
        if (quota == null) {
            throw OvmException.invalid(null, "a JSON body with the quota is required, e.g. {\"instances\": 10}; "
                    + "{} removes every limit");
        }
        checkQuota(quota);
        VdcView changed = tx.call(em -> {
            // only the quota columns, in one statement: usage is claimed concurrently by
            // single-statement conditional updates on the same row
            List<Number> values = new ArrayList<>();
            StringBuilder sql = new StringBuilder("UPDATE VDCS SET ");
            String[] columns = {"QUOTA_CPUS", "QUOTA_MEMORY_MIB", "QUOTA_DISK_GIB", "QUOTA_INSTANCES", "QUOTA_IPS"};
            Number[] limits = {quota.cpus(), quota.memoryMiB(), quota.diskGiB(), quota.instances(), quota.ips()};
            for (int i = 0; i < columns.length; i++) {
                sql.append(i == 0 ? "" : ", ").append(columns[i]).append(limits[i] == null ? " = NULL" : " = ?");
                if (limits[i] != null) {
                    values.add(limits[i]);
                }
            }
            var update = em.createNativeQuery(sql.append(" WHERE ID = ?").toString());
            for (int i = 0; i < values.size(); i++) {
                update.setParameter(i + 1, values.get(i));
            }
            if (update.setParameter(values.size() + 1, id).executeUpdate() == 0) {
                throw OvmException.notFound("VDC", id);
            }
            VdcEntity vdc = em.find(VdcEntity.class, id);
            em.refresh(vdc);
            return view(vdc);
        });
        events.publish(caller, "quota/changed", id, id, "quota of VDC " + changed.name() + " set to "
                + describe(changed.quota()));
        return changed;
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        String name = tx.call(em -> {
            // lock the VDC's row first: a create claims quota on this row, so one that is in flight
            // either commits before the count below sees it, or finds the VDC gone afterwards
            if (em.createNativeQuery("UPDATE VDCS SET NAME = NAME WHERE ID = ?").setParameter(1, id)
                    .executeUpdate() == 0) {
                throw OvmException.notFound("VDC", id);
            }
            VdcEntity vdc = em.find(VdcEntity.class, id);
            Map<String, Long> held = VdcHoldings.count(em, id);
            if (!held.isEmpty()) {
                throw OvmException.conflict(null, VdcHoldings.message(vdc.getName(), held));
            }
            em.remove(vdc);
            return vdc.getName();
        });
        events.publish(caller, "vdc/deleted", id, id, "VDC " + name + " deleted");
    }

    /** A quota in words: {@code cpus=8, memoryMiB=unlimited, ...}. */
    static String describe(Quota quota) {
        return "cpus=" + limit(quota.cpus()) + ", memoryMiB=" + limit(quota.memoryMiB()) + ", diskGiB="
                + limit(quota.diskGiB()) + ", instances=" + limit(quota.instances()) + ", ips=" + limit(quota.ips());
    }

    private static String limit(Number value) {
        return value == null ? "unlimited" : value.toString();
    }

    private static void checkQuota(Quota quota) {
        check("quota.cpus", quota.cpus());
        check("quota.memoryMiB", quota.memoryMiB());
        check("quota.diskGiB", quota.diskGiB());
        check("quota.instances", quota.instances());
        check("quota.ips", quota.ips());
    }

    private static void check(String field, Number limit) {
        if (limit != null && limit.longValue() < 0) {
            throw OvmException.invalid(field, field + " must not be negative (omit it for no limit)");
        }
    }

    static VdcView view(VdcEntity vdc) {
        return new VdcView(vdc.getId(), vdc.getName(), vdc.getDescription(),
                new Quota(vdc.getQuotaCpus(), vdc.getQuotaMemoryMib(), vdc.getQuotaDiskGib(), vdc.getQuotaInstances(),
                        vdc.getQuotaIps()),
                new Usage(vdc.getUsedCpus(), vdc.getUsedMemoryMib(), vdc.getUsedDiskGib(), vdc.getUsedInstances(),
                        vdc.getUsedIps()), Times.iso(vdc.getCreatedAt()));
    }
}
