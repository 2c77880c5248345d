package org.ovm.plugin.vlannet.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's one background thread: every period it looks at each realization recorded in the state
 * directory (those of an earlier engine run too), starts its dnsmasq again when it died (repairing the
 * namespace and port as well) and reconciles its NICs' port rules; then it applies the security groups of
 * containers again whose network namespace changed ({@link ContainerSecurity}). Stopping it leaves dnsmasq running,
 * so DHCP survives an engine restart.
 */
final class Supervisor implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final StateStore store;
    private final LocalRealizer realizer;
    private final PortSecurity security;
    private final ContainerSecurity containers;
    private final Lock lock;
    private final Duration period;
    /** The last failure logged per realization, so a lasting problem is logged once, not every period. */
    private final Map<String, String> lastFailure = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    Supervisor(StateStore store, LocalRealizer realizer, PortSecurity security, ContainerSecurity containers, Lock lock,
            Duration period) {
        this.store = store;
        this.realizer = realizer;
        this.security = security;
        this.containers = containers;
        this.lock = lock;
        this.period = period;
    }

    synchronized void start() {
        running = true;
        thread = new Thread(this, "ovm-vlan-net-supervisor");
        thread.setDaemon(true);
        thread.start();
        LOG.info("supervising the VLAN networks of this machine in {} every {} s", store.root(), period.toSeconds());
    }

    synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public void run() {
        while (running) {
            probeAll();
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round over every realization. */
    void probeAll() {
        for (Realization recorded : store.all()) {
            if (!running && thread != null) {
                return;
            }
            lock.lock();
            try {
                // it may have been removed or changed while the lock was held elsewhere
                store.find(recorded.networkId(), recorded.hostId()).ifPresent(this::probe);
            } finally {
                lock.unlock();
            }
        }
        lock.lock();
        try {
            containers.reconcile();
        } finally {
            lock.unlock();
        }
    }

    private void probe(Realization r) {
        try {
            if (!realizer.dnsmasq().alive(r)) {
                LOG.warn("the DHCP server (dnsmasq) of {} is not running: starting it again", r.describe());
                realizer.ensure(r);
                LOG.info("restarted the DHCP server of {} (pid {})", r.describe(),
                        realizer.dnsmasq().pid(r).orElse(-1));
            }
            security.reconcile(r);
            if (lastFailure.remove(r.key()) != null) {
                LOG.info("{} is healthy again", r.describe());
            }
        } catch (RuntimeException e) {
            String message = Objects.toString(e.getMessage(), e.toString());
            if (!message.equals(lastFailure.put(r.key(), message))) {
                LOG.warn("supervising {} failed (retrying every {} s): {}", r.describe(), period.toSeconds(), message);
            }
        }
    }
}
