package org.ovm.core.event.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
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

    public void publish(String topic, String resourceId, String user, String vdcId, String message) {
        EventEntity entity = new EventEntity();
        entity.setId(Ids.newId());
        entity.setOccurredAt(Times.now());
        entity.setTopic(topic);
        entity.setResourceId(resourceId);
        entity.setCaller(user);
        entity.setVdcId(vdcId);
        entity.setMessage(message.length() > 3900 ? message.substring(0, 3900) + "..." : message);
        tx.run(em -> em.persist(entity));
        dispatch(new EngineEvent(entity.getId(), Instant.ofEpochMilli(entity.getOccurredAt()), topic, resourceId, user,
                entity.getMessage(), vdcId == null ? Map.of() : Map.of("vdcId", vdcId)));
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
