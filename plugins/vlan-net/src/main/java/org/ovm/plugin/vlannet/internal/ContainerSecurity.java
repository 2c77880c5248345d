package org.ovm.plugin.vlannet.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.NicNamespaceSupport;
import org.ovm.spi.network.PortPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security groups of containers: a filtered NIC's policy becomes the nftables table {@link NftRuleset}
 * inside the container's own network namespace, which the hypervisor driver names
 * ({@link NicNamespaceSupport}). The desired policy is kept in the state directory
 * ({@code containers/<host>/<mac>.properties}); what was applied is remembered with the namespace's
 * identity, so the supervisor applies the rules again when the container got a new namespace (a restart)
 * and does nothing otherwise. A NIC whose container is not running is enforced once it runs. Only the
 * table {@code inet ovm} is ever touched. Callers serialize calls.
 */
final class ContainerSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerSecurity.class);

    /** A NIC under a filtered policy and where its rules were applied last (null: not yet). */
    private record Nic(NicNamespaceSupport hypervisor, HostEndpoint host, PortPolicy policy, String applied) {

        Nic applied(String namespace) {
            return new Nic(hypervisor, host, policy, namespace);
        }
    }

    private final Path root;
    private final Commands commands;
    private final Map<String, Nic> nics = new ConcurrentHashMap<>();
    /** The last failure logged per NIC, so a lasting problem is logged once. */
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    ContainerSecurity(Path root, Commands commands) {
        this.root = root.resolve("containers");
        this.commands = commands;
    }

    /** Records the NIC's filtered policy and enforces it at once when its container runs. */
    void apply(OperationContext ctx, NicNamespaceSupport hypervisor, HostEndpoint host, PortPolicy policy) {
        String ruleset = NftRuleset.replace(policy); // refuses bad rules before anything is stored
        Optional<String> namespace = namespace(ctx, hypervisor, host, policy.mac());
        save(host, policy);
        Nic nic = new Nic(hypervisor, host, policy, null);
        nics.put(key(host, policy.mac()), nic);
        if (namespace.isEmpty()) {
            LOG.info("NIC {} of host {} is in no running container: its security groups apply when it runs",
                    policy.mac(), host.hostId());
            return;
        }
        nics.put(key(host, policy.mac()), nic.applied(enforce(nic, namespace.get(), ruleset)));
    }

    /** Forgets the NIC and removes its table when its container still runs. */
    void remove(OperationContext ctx, NicNamespaceSupport hypervisor, HostEndpoint host, String mac) {
        Nic nic = nics.remove(key(host, mac));
        failures.remove(key(host, mac));
        boolean stored = Files.exists(file(host, mac));
        delete(host, mac);
        if (nic == null && !stored) {
            return; // never filtered by this plugin: nothing of ours is there
        }
        Optional<String> namespace = namespace(ctx, hypervisor, host, mac);
        if (namespace.isPresent()) {
            var result = commands.run(nsenter(namespace.get()), NftRuleset.delete());
            if (!result.ok() && !result.diagnostic().contains("No such file")) {
                throw Commands.failure("removing the security groups of NIC " + mac, result);
            }
            LOG.info("removed the security groups of NIC {} from its container ({})", mac, namespace.get());
        }
    }

    /** Applies the rules again to every NIC whose container has another network namespace than last time. */
    void reconcile() {
        for (Map.Entry<String, Nic> e : nics.entrySet()) {
            Nic nic = e.getValue();
            try {
                OperationContext ctx = new OperationContext("vlan-net-supervisor",
                        Instant.now().plus(Commands.TIMEOUT), "vlan-net", Runnable::run);
                Optional<String> namespace = namespace(ctx, nic.hypervisor(), nic.host(), nic.policy().mac());
                if (namespace.isEmpty()) {
                    if (nic.applied() != null) {
                        nics.replace(e.getKey(), nic, nic.applied(null));
                    }
                } else if (!identity(namespace.get()).equals(nic.applied())) {
                    LOG.info("the container of NIC {} has a new network namespace ({}): applying its security "
                            + "groups again", nic.policy().mac(), namespace.get());
                    nics.replace(e.getKey(), nic,
                            nic.applied(enforce(nic, namespace.get(), NftRuleset.replace(nic.policy()))));
                }
                if (failures.remove(e.getKey()) != null) {
                    LOG.info("the security groups of NIC {} are enforced again", nic.policy().mac());
                }
            } catch (RuntimeException failure) {
                String message = String.valueOf(failure.getMessage());
                if (!message.equals(failures.put(e.getKey(), message))) {
                    LOG.warn("enforcing the security groups of NIC {} failed (retrying): {}", nic.policy().mac(),
                            message);
                }
            }
        }
    }

    /** The NICs being enforced (for tests). */
    List<String> macs() {
        return nics.values().stream().map(n -> n.policy().mac()).sorted().toList();
    }

    private String enforce(Nic nic, String namespace, String ruleset) {
        String identity = identity(namespace);
        commands.check("applying the security groups of NIC " + nic.policy().mac() + " in its container",
                nsenter(namespace), ruleset);
        LOG.info("enforcing the security groups of NIC {} ({} ingress, {} egress rules) in {}", nic.policy().mac(),
                nic.policy().ingress().size(), nic.policy().egress().size(), identity);
        return identity;
    }

    static List<String> nsenter(String namespace) {
        return List.of("nsenter", "--net=" + namespace, "nft", "-f", "-");
    }

    /** The namespace's kernel identity ({@code net:[4026532257]}) when it can be read, else its path. */
    private static String identity(String namespace) {
        try {
            return namespace + "=" + Files.readSymbolicLink(Path.of(namespace));
        } catch (IOException | UnsupportedOperationException e) {
            return namespace;
        }
    }

    /** Asks the hypervisor driver, on this thread (the caller already runs on the operation's executor). */
    private static Optional<String> namespace(OperationContext ctx, NicNamespaceSupport hypervisor, HostEndpoint host,
            String mac) {
        OperationContext here = new OperationContext(ctx.correlationId(), ctx.deadline(), ctx.caller(), Runnable::run);
        try {
            return hypervisor.nicNamespace(here, host, mac).toCompletableFuture()
                    .get(Math.max(1, here.remaining().toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DriverException d) {
                throw d;
            }
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "finding the container of NIC " + mac + " failed: "
                    + e.getCause(), false, e.getCause());
        } catch (TimeoutException e) {
            throw new DriverException(ErrorCode.TIMEOUT, "finding the container of NIC " + mac + " took too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(ErrorCode.TIMEOUT, "interrupted finding the container of NIC " + mac);
        }
    }

    private static String key(HostEndpoint host, String mac) {
        return host.hostId() + "/" + mac;
    }

    private Path file(HostEndpoint host, String mac) {
        return root.resolve(host.hostId().replaceAll("[^A-Za-z0-9._-]", "_"))
                .resolve(mac.replace(":", "") + ".properties");
    }

    private void save(HostEndpoint host, PortPolicy policy) {
        try {
            Path file = file(host, policy.mac());
            Files.createDirectories(file.getParent());
            StateStore.store(file, StateStore.toProperties(policy));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void delete(HostEndpoint host, String mac) {
        try {
            Files.deleteIfExists(file(host, mac));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
