package org.ovm.rest.internal.stream;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import org.ovm.core.Caller;
import org.ovm.spi.engine.EngineEvent;
import org.ovm.spi.engine.EngineEventListener;

/**
 * Fans engine events out to the portal's open streams, each seeing only what its caller may see
 * (an event's {@code vdcId} attribute; events without one reach admins only). A stream that falls
 * more than {@link #BACKLOG} events behind loses the oldest: the portal re-reads on every event.
 */
public final class EventStream implements EngineEventListener {

    static final int BACKLOG = 256;

    /**
     * One open stream: who reads it, what is waiting for it, and what to call when something was
     * queued (the writer that sends it; called on the publishing thread, so it must not block).
     */
    public record Subscriber(Caller caller, BlockingQueue<EngineEvent> queue, Runnable wake) {
    }

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    public Subscriber subscribe(Caller caller, Runnable wake) {
        Subscriber subscriber = new Subscriber(caller, new LinkedBlockingQueue<>(BACKLOG), wake);
        subscribers.add(subscriber);
        return subscriber;
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    int subscribers() {
        return subscribers.size();
    }

    @Override
    public void onEvent(EngineEvent event) {
        String vdcId = event.attributes().get("vdcId");
        for (Subscriber subscriber : subscribers) {
            if (subscriber.caller().canSee(vdcId)) {
                while (!subscriber.queue().offer(event)) {
                    subscriber.queue().poll();
                }
                subscriber.wake().run();
            }
        }
    }

    /** The event as one SSE message. */
    static String format(EngineEvent event) {
        return "event: " + event.topic() + "\ndata: " + json(Map.of("id", event.id(), "topic", event.topic(),
                "resourceId", event.resourceId() == null ? "" : event.resourceId(), "message",
                event.message() == null ? "" : event.message())) + "\n\n";
    }

    static String json(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(key).append("\":\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        });
        return out.append('}').toString();
    }
}
