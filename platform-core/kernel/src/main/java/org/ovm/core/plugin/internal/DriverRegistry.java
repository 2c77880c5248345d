package org.ovm.core.plugin.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.spi.common.PluginService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks the plugin services of one SPI area (whiteboard) keyed by a service property, and
 * selects one per key: highest {@code service.ranking}, then lowest {@code service.id}.
 * Services are fetched lazily and never through a blocking proxy: a missing driver is reported
 * at once.
 */
public final class DriverRegistry<T> {

    private static final Logger LOG = LoggerFactory.getLogger(DriverRegistry.class);

    private final BundleContext context;
    private final Class<T> type;
    private final String keyProperty;
    private final String area;
    private final Map<String, List<ServiceReference<T>>> byKey = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private ServiceTracker<T, ServiceReference<T>> tracker;

    public DriverRegistry(BundleContext context, Class<T> type, String keyProperty, String area) {
        this.context = context;
        this.type = type;
        this.keyProperty = keyProperty;
        this.area = area;
    }

    public void open() {
        tracker = new ServiceTracker<>(context, type, null) {
            @Override
            public ServiceReference<T> addingService(ServiceReference<T> reference) {
                String key = key(reference);
                if (key == null || Boolean.parseBoolean(String.valueOf(reference.getProperty(PluginService.DISABLED)))) {
                    LOG.warn("Ignoring {} service {} (no {} property or disabled)", area,
                            reference.getProperty(Constants.SERVICE_ID), keyProperty);
                    return reference;
                }
                byKey.compute(key, (k, list) -> {
                    List<ServiceReference<T>> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
                    next.add(reference);
                    next.sort(Comparator.reverseOrder());
                    return List.copyOf(next);
                });
                LOG.info("{} driver '{}' available from {}", area, key, reference.getBundle().getSymbolicName());
                changed(key);
                return reference;
            }

            @Override
            public void removedService(ServiceReference<T> reference, ServiceReference<T> tracked) {
                String key = key(reference);
                if (key != null) {
                    byKey.computeIfPresent(key, (k, list) -> {
                        List<ServiceReference<T>> next = new ArrayList<>(list);
                        next.remove(reference);
                        return next.isEmpty() ? null : List.copyOf(next);
                    });
                    LOG.info("{} driver '{}' from {} went away", area, key, reference.getBundle() == null ? "?"
                            : reference.getBundle().getSymbolicName());
                    changed(key);
                }
                context.ungetService(reference);
            }
        };
        tracker.open();
    }

    public void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    /** The selected service for a key, if one is registered. */
    public Optional<T> find(String key) {
        List<ServiceReference<T>> refs = key == null ? null : byKey.get(key);
        if (refs == null) {
            return Optional.empty();
        }
        for (ServiceReference<T> ref : refs) {
            T service = context.getService(ref);
            if (service != null) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }

    /** The plugins of this distribution whose name is not {@code ovm-plugin-<driver key>}. */
    private static final Map<String, String> PLUGINS = Map.of("vlan", "ovm-plugin-vlan-net", "local",
            "ovm-plugin-local-storage", "container-bridge", "ovm-plugin-docker", "portgroup", "ovm-plugin-esxi",
            "simulator-vlan", "ovm-plugin-simulator", "nfs", "ovm-plugin-nfs-storage", "ipmi",
            "ovm-plugin-ipmi-fence");

    /** The plugin that brings the driver for {@code key}. */
    public static String pluginFor(String key) {
        return PLUGINS.getOrDefault(key, "ovm-plugin-" + key);
    }

    /** The selected service, or a 503 telling the user which plugin to install. */
    public T require(String key) {
        return find(key).orElseThrow(() -> new OvmException(OvmError.DRIVER_UNAVAILABLE,
                missingReason(key) + ": install the plugin " + pluginFor(key) + " on the Plugins page (shell: "
                        + "ovm:plugin-install " + pluginFor(key) + ")"));
    }

    public String missingReason(String key) {
        return area + " driver " + key + " not installed";
    }

    /** Completes when a service for the key is present, or exceptionally after {@code timeout}. */
    public CompletableFuture<T> await(String key, Duration timeout) {
        Optional<T> now = find(key);
        if (now.isPresent()) {
            return CompletableFuture.completedFuture(now.get());
        }
        CompletableFuture<Void> signal = new CompletableFuture<>();
        waiters.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(signal);
        if (find(key).isPresent()) {
            signal.complete(null);
        }
        return signal.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(ignored -> require(key))
                .exceptionally(e -> {
                    throw new OvmException(OvmError.DRIVER_UNAVAILABLE, missingReason(key) + " (waited "
                            + timeout.toSeconds() + " s)");
                });
    }

    /** Every key with a service, for listings. */
    public Map<String, List<ServiceReference<T>>> snapshot() {
        return Map.copyOf(byKey);
    }

    public String area() {
        return area;
    }

    /** Called with the key whenever the service for it appears or goes away. */
    public void addListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void changed(String key) {
        List<CompletableFuture<Void>> pending = waiters.remove(key);
        if (pending != null && find(key).isPresent()) {
            pending.forEach(f -> f.complete(null));
        } else if (pending != null) {
            waiters.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).addAll(pending);
        }
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(key);
            } catch (RuntimeException e) {
                LOG.warn("Registry listener failed for {} {}", area, key, e);
            }
        }
    }

    private String key(ServiceReference<T> reference) {
        Object value = reference.getProperty(keyProperty);
        return value == null ? null : value.toString();
    }
}
