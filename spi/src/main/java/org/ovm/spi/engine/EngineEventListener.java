package org.ovm.spi.engine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives engine events after they are committed. Registered with {@link #TOPICS} (a list of
 * topic prefixes such as {@code instance/}); called on a kernel thread, one event at a time per
 * listener; must not block for long. Exceptions are logged and ignored.
 */
@ConsumerType
public interface EngineEventListener {

    /**
     * Service property: the topic prefixes the listener wants, as a {@code String}, a
     * {@code String[]} or a {@code Collection<String>}; absent means every topic.
     */
    String TOPICS = "engine.topics";

    /**
     * Called once per committed event whose topic starts with one of {@link #TOPICS}, on a kernel
     * thread, events in commit order for this listener. Must return quickly (hand long work to
     * an executor); an exception is logged and the event is not redelivered.
     */
    void onEvent(EngineEvent event);
}
