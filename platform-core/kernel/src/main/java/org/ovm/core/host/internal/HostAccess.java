package org.ovm.core.host.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.core.OvmException;
import org.ovm.core.auth.internal.SecretBox;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.HypervisorDriver;

/**
 * Resolves a host to its driver and endpoint (credentials decrypted). Normal calls fail fast
 * when the driver is absent; recovery after a restart waits a while for plugins to come up.
 */
public final class HostAccess {

    /** How long crash recovery waits for a plugin's driver to register. */
    static final Duration RECOVERY_WAIT = Duration.ofSeconds(90);

    private final Tx tx;
    private final SecretBox secrets;
    private final DriverRegistry<HypervisorDriver> hypervisors;

    public HostAccess(Tx tx, SecretBox secrets, DriverRegistry<HypervisorDriver> hypervisors) {
        this.tx = tx;
        this.secrets = secrets;
        this.hypervisors = hypervisors;
    }

    /** A host's driver and endpoint. */
    public record Target(HypervisorDriver driver, HostEndpoint endpoint, String hostType) {
    }

    public CompletionStage<Target> target(String hostId, boolean waitForDriver) {
        HostEntity host = tx.call(em -> em.find(HostEntity.class, hostId));
        if (host == null) {
            return CompletableFuture.failedFuture(OvmException.notFound("host", hostId));
        }
        HostEndpoint endpoint = endpoint(host);
        if (waitForDriver) {
            return hypervisors.await(host.getType(), RECOVERY_WAIT)
                    .thenApply(driver -> new Target(driver, endpoint, host.getType()));
        }
        try {
            return CompletableFuture.completedFuture(new Target(hypervisors.require(host.getType()), endpoint,
                    host.getType()));
        } catch (OvmException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The host's endpoint: its settings with its secrets (decrypted) among them. */
    public HostEndpoint endpoint(HostEntity host) {
        Map<String, String> settings = Json.read(host.getSettings());
        settings.putAll(secrets(host));
        return new HostEndpoint(host.getId(), host.getUri(), host.getUsername(), secrets.decrypt(host.getSecret()),
                settings);
    }

    /** The names of a host's secrets (their values are never shown). */
    public List<String> secretNames(HostEntity host) {
        return secrets(host).keySet().stream().sorted().toList();
    }

    /** A host's secrets, decrypted (for the driver, and for an edit that merges new ones in). */
    Map<String, String> secrets(HostEntity host) {
        return host.getSecrets() == null ? Map.of() : Json.read(secrets.decrypt(host.getSecrets()));
    }

    public String encrypt(String secret) {
        return secrets.encrypt(secret);
    }

    /** A value {@link #encrypt} stored, decrypted; null for null. */
    String decrypt(String stored) {
        return stored == null ? null : secrets.decrypt(stored);
    }

}
