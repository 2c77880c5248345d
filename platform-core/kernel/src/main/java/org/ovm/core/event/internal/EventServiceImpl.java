package org.ovm.core.event.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.persistence.TypedQuery;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.Role;
import org.ovm.core.event.EventExport;
import org.ovm.core.event.EventQuery;
import org.ovm.core.event.EventService;
import org.ovm.core.event.EventView;
import org.ovm.core.event.Outcome;
import org.ovm.core.internal.inventory.EventEntity;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the audit log, newest first; non-admins see their VDC's events. Exports it oldest first
 * in batches. Nothing here updates or deletes an event.
 */
public final class EventServiceImpl implements EventService {

    private static final Logger LOG = LoggerFactory.getLogger(EventServiceImpl.class);

    private static final Map<String, String> FILTERS = Map.of("topic", "topic", "resourceId", "resourceId", "user",
            "caller", "outcome", "outcome", "source", "source");
    /** q searches the message; sorts: createdAt (when it happened; the usual order: newest first), topic. */
    private static final Lists.Spec SPEC = new Lists.Spec(FILTERS, List.of("message"), Map.of("createdAt",
            "occurredAt", "topic", "topic"), "occurredAt DESC");

    /** Events read per transaction of an export. */
    static final int BATCH = 500;

    private final Tx tx;
    private final EventPublisher publisher;

    public EventServiceImpl(Tx tx, EventPublisher publisher) {
        this.tx = tx;
        this.publisher = publisher;
    }

    @Override
    public Page<EventView> list(Caller caller, Filters filters, PageRequest page) {
        List<Lists.Condition> fixed = caller.isAdmin() ? List.of()
                : List.of(new Lists.Condition("vdcId", caller.vdcId() == null ? "-" : caller.vdcId()));
        return tx.call(em -> Lists.page(em, EventEntity.class, SPEC, filters, fixed, page,
                EventServiceImpl::view, null));
    }

    /**
     * Keyset pagination on (occurredAt, id): each batch is its own short transaction, and events
     * recorded while the export runs are included if they match (they sort after what was read).
     */
    @Override
    public EventExport export(Caller caller, EventQuery asked) {
        if (caller.role() == Role.USER) {
            throw OvmException.forbidden("exporting events needs the admin or vdc-admin role");
        }
        EventQuery query = asked == null ? EventQuery.ALL : asked;
        if (query.since() != null && query.until() != null && !query.since().isBefore(query.until())) {
            throw OvmException.invalid("until", "until must be after since");
        }
        String vdc = caller.isAdmin() ? null : caller.vdcId() == null ? "-" : caller.vdcId();
        return sink -> read(query, vdc, sink);
    }

    private long read(EventQuery query, String vdc, Consumer<EventView> sink) {
        long count = 0;
        long lastTime = Long.MIN_VALUE;
        String lastId = null;
        while (true) {
            long afterTime = lastTime;
            String afterId = lastId;
            List<EventEntity> batch = tx.call(em -> {
                StringBuilder jpql = new StringBuilder("SELECT e FROM EventEntity e WHERE 1 = 1");
                List<Object> params = new ArrayList<>();
                if (vdc != null) {
                    params.add(vdc);
                    jpql.append(" AND e.vdcId = ?").append(params.size());
                }
                if (query.since() != null) {
                    params.add(query.since().toEpochMilli());
                    jpql.append(" AND e.occurredAt >= ?").append(params.size());
                }
                if (query.until() != null) {
                    params.add(query.until().toEpochMilli());
                    jpql.append(" AND e.occurredAt < ?").append(params.size());
                }
                if (query.topic() != null && !query.topic().isEmpty()) {
                    params.add(escapeLike(query.topic()) + "%");
                    jpql.append(" AND e.topic LIKE ?").append(params.size()).append(" ESCAPE '\\'");
                }
                if (afterId != null) {
                    params.add(afterTime);
                    params.add(afterTime);
                    params.add(afterId);
                    int n = params.size();
                    jpql.append(" AND (e.occurredAt > ?").append(n - 2).append(" OR (e.occurredAt = ?").append(n - 1)
                            .append(" AND e.id > ?").append(n).append("))");
                }
                TypedQuery<EventEntity> select = em.createQuery(jpql.append(" ORDER BY e.occurredAt, e.id").toString(),
                        EventEntity.class);
                for (int i = 0; i < params.size(); i++) {
                    select.setParameter(i + 1, params.get(i));
                }
                return select.setMaxResults(BATCH).getResultList();
            });
            for (EventEntity e : batch) {
                sink.accept(view(e));
                count++;
            }
            if (batch.size() < BATCH) {
                return count;
            }
            EventEntity last = batch.get(batch.size() - 1);
            lastTime = last.getOccurredAt();
            lastId = last.getId();
        }
    }

    @Override
    public void recordRefusal(Caller caller, String action, String reason) {
        try {
            publisher.record("auth/refused", null, caller.username(), caller.source(), Outcome.REFUSED, caller.vdcId(),
                    action + " refused for " + caller.username() + " (" + caller.role().id() + "): " + reason);
        } catch (RuntimeException e) {
            LOG.warn("Could not record the refusal of {} for {}", action, caller.username(), e);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static EventView view(EventEntity e) {
        return new EventView(e.getId(), Times.iso(e.getOccurredAt()), e.getTopic(), e.getResourceId(), e.getCaller(),
                e.getSource(), e.getOutcome() == null ? null : e.getOutcome().name(), e.getVdcId(), e.getMessage());
    }
}
