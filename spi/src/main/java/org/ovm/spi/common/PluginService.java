package org.ovm.spi.common;

/**
 * Service properties every plugin service may carry, and the selection rule the kernel applies.
 *
 * <p>When several services claim the same key (for example two {@code hypervisor.type=kvm}
 * drivers), the kernel picks the one with the highest {@code service.ranking}, then the lowest
 * {@code service.id}. A service whose {@link #DISABLED} property is {@code true} is ignored,
 * so an operator can switch a plugin off by configuration.
 */
public final class PluginService {

    /** Optional: the id of the plugin (feature) that registered the service. */
    public static final String PLUGIN_ID = "ovm.plugin.id";

    /** Optional: set to {@code true} to make the kernel ignore the service. */
    public static final String DISABLED = "ovm.plugin.disabled";

    private PluginService() {
    }
}
