package org.ovm.core.internal.service;

import java.util.List;
import java.util.Map;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.VolumeService;
import org.ovm.core.VolumeView;
import org.ovm.core.internal.Lists;
import org.ovm.core.internal.Times;
import org.ovm.core.internal.Tx;
import org.ovm.core.internal.inventory.VolumeEntity;

/** Reads volumes; non-admins see their VDC's. */
public final class VolumeServiceImpl implements VolumeService {

    private static final Map<String, String> FILTERS = Map.of("name", "name", "poolId", "poolId", "instanceId",
            "instanceId", "state", "state");

    private final Tx tx;

    public VolumeServiceImpl(Tx tx) {
        this.tx = tx;
    }

    @Override
    public Page<VolumeView> list(Caller caller, Filters filters, PageRequest page) {
        List<Lists.Condition> fixed = caller.isAdmin() ? List.of()
                : List.of(new Lists.Condition("vdcId", caller.vdcId() == null ? "-" : caller.vdcId()));
        return tx.call(em -> Lists.page(em, VolumeEntity.class, FILTERS, filters, fixed, "name", page,
                VolumeServiceImpl::view));
    }

    @Override
    public VolumeView get(Caller caller, String id) {
        VolumeEntity volume = tx.call(em -> em.find(VolumeEntity.class, id));
        if (volume == null || !caller.canSee(volume.getVdcId())) {
            throw OvmException.notFound("volume", id);
        }
        return view(volume);
    }

    static VolumeView view(VolumeEntity v) {
        return new VolumeView(v.getId(), v.getName(), v.getPoolId(), v.getInstanceId(), v.getVdcId(),
                v.getSizeBytes(), v.getFormat(), v.getBackingImageId(), v.getPath(), v.getState(),
                Times.iso(v.getCreatedAt()));
    }
}
