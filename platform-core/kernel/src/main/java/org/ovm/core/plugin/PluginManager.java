package org.ovm.core.plugin;

import java.io.InputStream;
import java.util.List;

import org.ovm.core.Caller;
import org.ovm.core.task.TaskView;

/**
 * Plugins as Karaf features, installed, upgraded and removed at runtime. Admin only (listing
 * is open to every role).
 */
public interface PluginManager {

    List<PluginView> list(Caller caller);

    PluginView get(Caller caller, String id);

    /** Starts a task that installs the feature. */
    TaskView install(Caller caller, String id);

    /** Starts a task that uninstalls the feature. */
    TaskView uninstall(Caller caller, String id);

    /** Starts a task that installs the newest available version and removes the older one. */
    TaskView upgrade(Caller caller, String id);

    /**
     * Installs a third-party plugin packaged as a KAR and returns the plugins it added.
     *
     * @param maxBytes refuse larger uploads with 413
     */
    List<PluginView> uploadKar(Caller caller, InputStream kar, long maxBytes);

    /** Uninstalls a KAR (by its name as listed by {@link #listKars}) and its features. */
    void removeKar(Caller caller, String karName);

    List<String> listKars(Caller caller);

    /** The hypervisor, storage and network driver types installed now (any role). @since 1.1 */
    DriverTypes drivers(Caller caller);
}
