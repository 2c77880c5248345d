package org.ovm.plugin.vlannet.internal;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.NicNamespaceSupport;
import org.ovm.spi.hypervisor.VlanAttachSupport;
import org.ovm.spi.hypervisor.VlanAttachment;
import org.ovm.spi.network.NetworkCapability;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.network.NetworkTarget;
import org.ovm.spi.network.PortPolicy;
import org.ovm.spi.network.PortSecuritySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Networks of type {@value #TYPE} on every host type. On KVM hosts of this machine the plugin does the
 * host side itself ({@link LocalRealizer}: an Open vSwitch access port with the VLAN tag, dnsmasq with the
 * reservations, {@link PortSecurity} rules); other KVM hosts are refused for now; hosts of other types
 * plug the VLAN in through their hypervisor driver's {@link VlanAttachSupport}, and their NICs' security
 * groups are nftables rules in the instance's own network namespace when the driver names it
 * ({@link NicNamespaceSupport}, {@link ContainerSecurity}). The host-only SPI methods
 * (no {@link NetworkTarget}) treat the host as a KVM host.
 */
public final class VlanNetworkDriver implements NetworkDriver, PortSecuritySupport {

    private static final Logger LOG = LoggerFactory.getLogger(VlanNetworkDriver.class);

    /** The network type. */
    public static final String TYPE = "vlan";

    private static final String KVM = "kvm";

    private final CommandRunner runner;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Locality locality;
    private int probeSeconds = 5;
    private String stateDir = "";

    private Commands commands;
    private StateStore store;
    private LocalRealizer realizer;
    private PortSecurity security;
    private ContainerSecurity containers;
    private Supervisor supervisor;

    /** Blueprint's constructor: real commands, this machine, state under {@code ${karaf.data}/vlan-net}. */
    public VlanNetworkDriver() {
        this(new ProcessRunner(), null);
    }

    VlanNetworkDriver(CommandRunner runner, Locality locality) {
        this.runner = runner;
        this.locality = locality;
    }

    /** Seconds between two supervision rounds (configuration {@code probe.seconds}). */
    public void setProbeSeconds(int probeSeconds) {
        this.probeSeconds = Math.max(1, probeSeconds);
    }

    /** The state directory (configuration {@code state.dir}); empty for {@code ${karaf.data}/vlan-net}. */
    public void setStateDir(String stateDir) {
        this.stateDir = stateDir == null ? "" : stateDir.strip();
    }

    /** Builds the parts and starts supervising what the state directory records. */
    public void start() {
        init();
        supervisor.start();
    }

    /** Builds the parts without the supervision thread (tests drive {@link #supervisor()} themselves). */
    void init() {
        Path root = stateDir.isEmpty() ? Path.of(System.getProperty("karaf.data", "data"), "vlan-net") : Path.of(stateDir);
        commands = new Commands(runner);
        store = new StateStore(root);
        realizer = new LocalRealizer(commands, store);
        security = new PortSecurity(store, commands);
        containers = new ContainerSecurity(root, commands);
        supervisor = new Supervisor(store, realizer, security, containers, lock, Duration.ofSeconds(probeSeconds));
    }

    /** Stops supervising; dnsmasq keeps running for the next engine. */
    public void close() {
        if (supervisor != null) {
            supervisor.stop();
        }
    }

    Supervisor supervisor() {
        return supervisor;
    }

    StateStore store() {
        return store;
    }

    LocalRealizer realizer() {
        return realizer;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<NetworkCapability> capabilities() {
        return Set.of(NetworkCapability.VLAN, NetworkCapability.DHCP, NetworkCapability.SECURITY_GROUPS);
    }

    // ---- what the kernel calls

    @Override
    public CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, NetworkTarget target) {
        if (isKvm(target)) {
            return realizeOnKvm(ctx, network, target.host());
        }
        if (target.hypervisor() instanceof VlanAttachSupport attach) {
            return attach.attachVlan(ctx, target.host(), attachment(network));
        }
        return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "hosts of type "
                + target.hostType() + " cannot plug NICs into VLAN networks (their plugin has no VLAN support)"));
    }

    @Override
    public CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, NetworkTarget target) {
        if (isKvm(target)) {
            return unrealizeOnKvm(ctx, network, target.host());
        }
        if (target.hypervisor() instanceof VlanAttachSupport attach) {
            return attach.detachVlan(ctx, target.host(), attachment(network));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> reserveAddress(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            String mac, String ip) {
        return isKvm(target) ? reserveOnKvm(ctx, network, target.host(), mac, ip)
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> releaseAddress(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            String mac) {
        return isKvm(target) ? releaseOnKvm(ctx, network, target.host(), mac) : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> applyPortPolicy(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            PortPolicy policy) {
        if (!isKvm(target)) {
            if (target.hypervisor() instanceof NicNamespaceSupport namespaces) {
                return locked(ctx, "applying the security groups of NIC " + policy.mac(), () -> {
                    PortPolicy checked = new PortPolicy(mac(policy.mac()), policy.ip(), policy.filtered(),
                            policy.ingress(), policy.egress());
                    if (checked.filtered()) {
                        containers.apply(ctx, namespaces, target.host(), checked);
                    } else {
                        // no groups (any more): containers cannot change their address themselves
                        containers.remove(ctx, namespaces, target.host(), checked.mac());
                    }
                    return null;
                });
            }
            return policy.filtered() ? CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED,
                    "security groups are enforced on KVM hosts and on hosts whose plugin names the network "
                            + "namespace of their instances (Docker), not on hosts of type " + target.hostType()))
                    : CompletableFuture.completedFuture(null);
        }
        return onThisMachine(ctx, target.host(), true, "applying the port policy of NIC " + policy.mac(), () -> {
            PortPolicy checked = new PortPolicy(mac(policy.mac()), policy.ip(), policy.filtered(), policy.ingress(),
                    policy.egress());
            Realization r = realized(network, target.host());
            checkAddress(r, checked.ip());
            security.apply(r, checked);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> removePortPolicy(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            String mac) {
        if (!isKvm(target)) {
            if (target.hypervisor() instanceof NicNamespaceSupport namespaces) {
                return locked(ctx, "removing the security groups of NIC " + mac, () -> {
                    containers.remove(ctx, namespaces, target.host(), mac(mac));
                    return null;
                });
            }
            return CompletableFuture.completedFuture(null);
        }
        return onThisMachine(ctx, target.host(), false, "removing the port policy of NIC " + mac, () -> {
            store.find(network.networkId(), target.hostId()).ifPresent(r -> security.remove(r, mac(mac)));
            return null;
        });
    }

    // ---- host-only variants: the host is taken for a KVM host

    @Override
    public CompletionStage<String> realize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        return realizeOnKvm(ctx, network, host);
    }

    @Override
    public CompletionStage<Void> unrealize(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        return unrealizeOnKvm(ctx, network, host);
    }

    @Override
    public CompletionStage<Void> reserveAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host,
            String mac, String ip) {
        return reserveOnKvm(ctx, network, host, mac, ip);
    }

    @Override
    public CompletionStage<Void> releaseAddress(OperationContext ctx, NetworkSpec network, HostEndpoint host,
            String mac) {
        return releaseOnKvm(ctx, network, host, mac);
    }

    // ---- KVM hosts

    private CompletionStage<String> realizeOnKvm(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        return onThisMachine(ctx, host, true, "realizing network " + network.name() + " on host " + host.hostId(),
                () -> "ovs:" + realizer.realize(network, host).bridge());
    }

    private CompletionStage<Void> unrealizeOnKvm(OperationContext ctx, NetworkSpec network, HostEndpoint host) {
        return onThisMachine(ctx, host, false, "removing network " + network.name() + " from host " + host.hostId(),
                () -> {
                    var recorded = store.find(network.networkId(), host.hostId());
                    if (recorded.isPresent()) {
                        security.removeAll(recorded.get());
                        realizer.teardown(recorded.get());
                        security.removeBaseFlowsIfUnused(recorded.get());
                    } else {
                        removeStrayPorts(network, host);
                    }
                    return null;
                });
    }

    private CompletionStage<Void> reserveOnKvm(OperationContext ctx, NetworkSpec network, HostEndpoint host, String mac,
            String ip) {
        return onThisMachine(ctx, host, true, "reserving " + ip + " for NIC " + mac, () -> {
            String m = mac(mac);
            Realization r = realized(network, host);
            checkAddress(r, ip);
            realizer.reserve(r, m, ip);
            security.reserved(r, m, ip);
            return null;
        });
    }

    private CompletionStage<Void> releaseOnKvm(OperationContext ctx, NetworkSpec network, HostEndpoint host,
            String mac) {
        return onThisMachine(ctx, host, false, "releasing the address of NIC " + mac, () -> {
            String m = mac(mac);
            var recorded = store.find(network.networkId(), host.hostId());
            if (recorded.isPresent()) {
                realizer.release(recorded.get(), m);
                security.remove(recorded.get(), m);
            }
            return null;
        });
    }

    /** Without a state directory nothing else is known: remove ports OVM tagged for this network and host. */
    private void removeStrayPorts(NetworkSpec network, HostEndpoint host) {
        try {
            Ovs ovs = LocalRealizer.ovs(commands, host);
            for (String port : ovs.portsOf(network.networkId(), host.hostId())) {
                ovs.deletePort(port);
            }
        } catch (DriverException e) {
            LOG.debug("no stray ports of network {} removed from host {}: {}", network.networkId(), host.hostId(),
                    e.getMessage());
        }
    }

    private Realization realized(NetworkSpec network, HostEndpoint host) {
        return store.find(network.networkId(), host.hostId()).orElseThrow(() -> new DriverException(
                ErrorCode.NOT_FOUND, "network " + network.name() + " is not realized on host " + host.hostId()));
    }

    private static void checkAddress(Realization r, String ip) {
        Ipv4.Cidr cidr = Ipv4.Cidr.parse(r.cidr());
        if (!cidr.isHost(Ipv4.parse(ip, "NIC address")) || ip.equals(r.dhcpAddress())) {
            throw Ipv4.invalid("address " + ip + " is not a NIC address of " + cidr + " (the DHCP server has "
                    + r.dhcpAddress() + ")");
        }
    }

    static String mac(String mac) {
        String m = mac == null ? "" : mac.strip().toLowerCase(Locale.ROOT);
        if (!m.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
            throw Ipv4.invalid("'" + mac + "' is not a MAC address");
        }
        return m;
    }

    private static boolean isKvm(NetworkTarget target) {
        return KVM.equalsIgnoreCase(target.hostType());
    }

    private static VlanAttachment attachment(NetworkSpec network) {
        return new VlanAttachment(network.networkId(), network.name(), network.vlan(), network.cidr(),
                network.gateway(), network.settings());
    }

    /**
     * Runs host-side work on the kernel's executor, under the driver's lock. On a KVM host that is not this
     * machine, work that must happen there fails with {@code UNSUPPORTED}; cleanup ({@code required} false)
     * has nothing to do there and succeeds.
     */
    private <T> CompletionStage<T> onThisMachine(OperationContext ctx, HostEndpoint host, boolean required,
            String what, Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            if (!locality().isLocal(host.uri())) {
                if (!required) {
                    return null;
                }
                throw new DriverException(ErrorCode.UNSUPPORTED, "VLAN networks on KVM host " + host.uri()
                        + " need Open vSwitch commands on that host; OVM runs them only on its own machine so far");
            }
            return underLock(what, work);
        }, ctx.executor());
    }

    /** Runs work of this machine on the kernel's executor, under the driver's lock. */
    private <T> CompletionStage<T> locked(OperationContext ctx, String what, Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> underLock(what, work), ctx.executor());
    }

    /** Runs work under the driver's lock; failures in the SPI's terms. */
    private <T> T underLock(String what, Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } catch (DriverException e) {
            throw e;
        } catch (UncheckedIOException e) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, what + " failed: the state directory "
                    + store.root() + " is not usable: " + e.getCause().getMessage(), false, e);
        } catch (RuntimeException e) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, what + " failed: " + e, false, e);
        } finally {
            lock.unlock();
        }
    }

    private Locality locality() {
        Locality l = locality;
        if (l == null) {
            l = Locality.ofThisMachine();
            locality = l;
        }
        return l;
    }
}
