package org.ovm.spi.engine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A feature added to the engine by a plugin (billing, reports, automation). Registered with
 * {@link #NAME}; the kernel lists extensions in {@code /api/v1/plugins} and calls
 * {@link #health()} there.
 */
@ConsumerType
public interface EngineExtension {

    /** Service property naming the extension. */
    String NAME = "engine.extension.name";

    /** The extension's stable name. */
    String name();

    /** A short health line shown to operators, e.g. {@code OK}. Cheap, never blocks. */
    default String health() {
        return "OK";
    }
}
