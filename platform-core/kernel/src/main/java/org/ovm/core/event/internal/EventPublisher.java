package org.ovm.core.event.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.ovm.core.Caller;
import org.ovm.core.event.Outcome;
import org.ovm.core.internal.inventory.EventEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.spi.engine.EngineEvent;
import org.ovm.spi.engine.EngineEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records audit events and hands them, after commit, to {@link EngineEventListener} services
 * whose {@code engine.topics} match.
 */
public class EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final Tx tx;
    private final Executor executor;
    private ServiceTracker<EngineEventListener, EngineEventListener> listeners;

    public EventPublisher(Tx tx, Executor executor) {
        this.tx = tx;
        this.executor = executor;
    }

    public void open(BundleContext context) {
        listeners = new ServiceTracker<>(context, EngineEventListener.class, null);
        listeners.open();
    }

    public void close() {
        if (listeners != null) {
            listeners.close();
        }
    }

    /**
     * Records the engine's own work (host probes, inventory sync): source {@code engine}, outcome
     * {@code SUCCEEDED}. Work done for a caller uses {@link #publish(Caller, String, String, String, String)}.
     */
    public void publish(String topic, String resourceId, String user, String vdcId, String message) {
        record(topic, resourceId, user, Caller.ENGINE, Outcome.SUCCEEDED, vdcId, message);
    }

    /** Records a change {@code actor} made (outcome {@code SUCCEEDED}), with the actor's name and source. */
    public void publish(Caller actor, String topic, String resourceId, String vdcId, String message) {
        record(topic, resourceId, actor.username(), actor.source(), Outcome.SUCCEEDED, vdcId, message);
    }

    /**
     * Records an event in a transaction of its own and then hands it to the listeners. Call it after
     * the change it records has committed (never from inside that change's transaction), so a change
     * that rolls back leaves no {@code SUCCEEDED} event behind.
     *
     * @param user    who acted (a user name, {@code system} for the engine)
     * @param source  where from: an IP address, {@code shell} or {@code engine}; null means {@code engine}
     * @param outcome how it ended
     */
    public void record(String topic, String resourceId, String user, String source, Outcome outcome, String vdcId,
            String message) {
        EventEntity entity = new EventEntity();
        entity.setId(Ids.newId());
        entity.setOccurredAt(Times.now());
        entity.setTopic(topic);
        entity.setResourceId(resourceId);
        entity.setCaller(user);
        entity.setSource(source == null ? Caller.ENGINE : truncate(source, 64));
        entity.setOutcome(outcome);
        entity.setVdcId(vdcId);
        entity.setMessage(truncate(message, 3900));
        tx.run(em -> em.persist(entity));
        Map<String, String> details = new HashMap<>();
        if (vdcId != null) {
            details.put("vdcId", vdcId);
        }
        details.put("source", entity.getSource());
        details.put("outcome", outcome.name());
        dispatch(new EngineEvent(entity.getId(), Instant.ofEpochMilli(entity.getOccurredAt()), topic, resourceId, user,
                entity.getMessage(), Map.copyOf(details)));
    }

    private static String truncate(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }

    private void dispatch(EngineEvent event) {
        if (listeners == null) {
            return;
        }
        ServiceReference<EngineEventListener>[] refs = listeners.getServiceReferences();
        if (refs == null) {
            return;
        }
        for (ServiceReference<EngineEventListener> ref : refs) {
            if (!matches(ref.getProperty(EngineEventListener.TOPICS), event.topic())) {
                continue;
            }
            EngineEventListener listener = listeners.getService(ref);
            if (listener != null) {
                executor.execute(() -> {
                    try {
                        listener.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.warn("Event listener {} failed on {}", listener, event.topic(), e);
                    }
                });
            }
        }
    }

    static boolean matches(Object topics, String topic) {
        if (topics == null) {
            return true;
        }
        Collection<?> prefixes = topics instanceof String[] array ? List.of(array)
                : topics instanceof Collection<?> c ? c : List.of(topics.toString());
        return prefixes.stream().anyMatch(prefix -> topic.startsWith(prefix.toString()));
    }
}
