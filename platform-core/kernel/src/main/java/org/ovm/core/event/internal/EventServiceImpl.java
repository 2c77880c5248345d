package org.ovm.core.event.internal;

import java.util.List;
import java.util.Map;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.event.EventService;
import org.ovm.core.event.EventView;
import org.ovm.core.internal.inventory.EventEntity;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;

/** Reads the audit log, newest first; non-admins see their VDC's events. */
public final class EventServiceImpl implements EventService {

    private static final Map<String, String> FILTERS = Map.of("topic", "topic", "resourceId", "resourceId", "user",
            "caller");

    private final Tx tx;

    public EventServiceImpl(Tx tx) {
        this.tx = tx;
    }

    @Override
    public Page<EventView> list(Caller caller, Filters filters, PageRequest page) {
        List<Lists.Condition> fixed = caller.isAdmin() ? List.of()
                : List.of(new Lists.Condition("vdcId", caller.vdcId() == null ? "-" : caller.vdcId()));
        return tx.call(em -> Lists.page(em, EventEntity.class, FILTERS, filters, fixed, "occurredAt DESC", page,
                e -> new EventView(e.getId(), Times.iso(e.getOccurredAt()), e.getTopic(), e.getResourceId(), e.getCaller(),
                        e.getMessage())));
    }
}
