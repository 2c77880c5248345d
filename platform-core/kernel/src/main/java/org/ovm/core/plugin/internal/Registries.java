package org.ovm.core.plugin.internal;

import java.util.List;

import org.osgi.framework.BundleContext;
import org.ovm.spi.engine.EngineExtension;
import org.ovm.spi.fence.FenceDriver;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.HostScorer;
import org.ovm.spi.storage.StorageDriver;

/** The kernel's whiteboard registries, one per SPI area. */
public final class Registries {

    private final DriverRegistry<HypervisorDriver> hypervisors;
    private final DriverRegistry<StorageDriver> storage;
    private final DriverRegistry<NetworkDriver> networks;
    private final DriverRegistry<HostFilter> filters;
    private final DriverRegistry<HostScorer> scorers;
    private final DriverRegistry<EngineExtension> extensions;
    private final DriverRegistry<FenceDriver> fences;

    public Registries(BundleContext context) {
        hypervisors = new DriverRegistry<>(context, HypervisorDriver.class, HypervisorDriver.TYPE, "hypervisor");
        storage = new DriverRegistry<>(context, StorageDriver.class, StorageDriver.TYPE, "storage");
        networks = new DriverRegistry<>(context, NetworkDriver.class, NetworkDriver.TYPE, "network");
        filters = new DriverRegistry<>(context, HostFilter.class, HostFilter.NAME, "scheduler");
        scorers = new DriverRegistry<>(context, HostScorer.class, HostFilter.NAME, "scheduler");
        extensions = new DriverRegistry<>(context, EngineExtension.class, EngineExtension.NAME, "engine");
        fences = new DriverRegistry<>(context, FenceDriver.class, FenceDriver.TYPE, "fence");
    }

    public void open() {
        all().forEach(DriverRegistry::open);
    }

    public void close() {
        all().forEach(DriverRegistry::close);
    }

    public List<DriverRegistry<?>> all() {
        return List.of(hypervisors, storage, networks, filters, scorers, extensions, fences);
    }

    public DriverRegistry<HypervisorDriver> hypervisors() {
        return hypervisors;
    }

    public DriverRegistry<StorageDriver> storage() {
        return storage;
    }

    public DriverRegistry<NetworkDriver> networks() {
        return networks;
    }

    public DriverRegistry<HostFilter> filters() {
        return filters;
    }

    public DriverRegistry<HostScorer> scorers() {
        return scorers;
    }

    public DriverRegistry<EngineExtension> extensions() {
        return extensions;
    }

    public DriverRegistry<FenceDriver> fences() {
        return fences;
    }
}
