package org.ovm.console.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ovm.core.console.ConsoleTarget;

/**
 * The consoles and terminals open now, with the ticket's target each was opened for, so those of a
 * deleted instance or a deleted user can be closed (review F15: they stayed open until idle).
 *
 * @param <S> the connection (a websocket session; anything in tests)
 */
final class OpenConsoles<S> {

    private record Open<S>(S connection, ConsoleTarget target) {
    }

    private final Map<String, Open<S>> open = new ConcurrentHashMap<>();

    void add(String id, S connection, ConsoleTarget target) {
        open.put(id, new Open<>(connection, target));
    }

    void remove(String id) {
        open.remove(id);
    }

    /**
     * The connections an event ends: {@code instance/deleted} those of the instance,
     * {@code user/deleted} those opened by the user (the event's resource is the id).
     */
    List<S> endedBy(String topic, String resourceId) {
        if (resourceId == null) {
            return List.of();
        }
        return open.values().stream().filter(o -> switch (topic) {
            case "instance/deleted" -> resourceId.equals(o.target().instanceId());
            case "user/deleted" -> resourceId.equals(o.target().userId());
            default -> false;
        }).map(Open::connection).toList();
    }

    int size() {
        return open.size();
    }
}
