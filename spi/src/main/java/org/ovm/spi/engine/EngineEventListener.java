package org.ovm.spi.engine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives engine events after they are committed. Registered with {@link #TOPICS} (a list of
 * topic prefixes such as {@code instance/}); called on a kernel thread, one event at a time per
 * listener; must not block for long. Exceptions are logged and ignored.
 */
@ConsumerType
public interface EngineEventListener {

    /** Service property: topic prefixes the listener wants. */
    String TOPICS = "engine.topics";

    void onEvent(EngineEvent event);
}
