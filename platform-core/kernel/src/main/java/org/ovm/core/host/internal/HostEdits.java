package org.ovm.core.host.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostUpdate;
import org.ovm.core.host.HostUpdated;
import org.ovm.core.host.HostView;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.TaskEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.task.internal.TaskEngine;
import org.ovm.core.task.internal.TaskParams;
import org.ovm.core.task.internal.TaskServiceImpl;
import org.ovm.spi.hypervisor.HypervisorDriver;

/**
 * Host edits: name, cluster (a move between clusters of the host's type), driver settings and
 * secrets (merged), URI and credentials (stored encrypted; the host is reconnected by the task
 * {@link HostOperations#CONNECT} that a refresh starts). One transaction, one audit event naming
 * what changed, never a secret's value.
 */
final class HostEdits {

    private final Tx tx;
    private final TaskEngine engine;
    private final DriverRegistry<HypervisorDriver> drivers;
    private final HostAccess access;
    private final EventPublisher events;
    private final Function<HostEntity, HostView> view;

    HostEdits(Tx tx, TaskEngine engine, DriverRegistry<HypervisorDriver> drivers, HostAccess access,
            EventPublisher events, Function<HostEntity, HostView> view) {
        this.tx = tx;
        this.engine = engine;
        this.drivers = drivers;
        this.access = access;
        this.events = events;
        this.view = view;
    }

    HostUpdated update(Caller caller, String id, HostUpdate update) {
        caller.requireAdmin();
        if (update == null) {
            throw OvmException.invalid(null, "a JSON body with name, clusterId, uri, settings, username, password "
                    + "or secrets is required");
        }
        String name = update.name() == null ? null : Ids.requireName("name", update.name());
        if (update.uri() != null) {
            HostChecks.uri(update.uri());
        }
        HostChecks.credentials(update.username(), update.password());
        List<String> changes = new ArrayList<>();
        HostEntity[] edited = new HostEntity[1];
        TaskEntity task = tx.call(em -> {
            HostEntity host = em.find(HostEntity.class, id);
            if (host == null) {
                throw OvmException.notFound("host", id);
            }
            if (name != null && !name.equals(host.getName())) {
                Ids.requireUnusedName(em, HostEntity.class, "host", name);
                changes.add("name " + host.getName() + " -> " + name);
                host.setName(name);
            }
            if (update.clusterId() != null) {
                move(em, host, update.clusterId().isEmpty() ? null : update.clusterId(), changes);
            }
            boolean credentials = endpoint(host, update, changes);
            credentials |= settingsAndSecrets(host, update, changes);
            edited[0] = host;
            boolean reconnect = credentials && drivers.find(host.getType()).isPresent();
            return reconnect ? engine.create(em, HostOperations.CONNECT, id, caller, null, TaskParams.NONE) : null;
        });
        HostEntity host = edited[0];
        if (task != null) {
            drivers.find(host.getType()).ifPresent(driver -> driver.release(id)); // connections of the old credentials
            engine.start(task);
        }
        if (!changes.isEmpty()) {
            events.publish(caller, "host/updated", id, null, "host " + host.getName() + " updated: "
                    + String.join(", ", changes) + (task == null ? "" : "; reconnecting"));
        }
        return new HostUpdated(view.apply(host), task == null ? null : TaskServiceImpl.view(task, List.of()));
    }

    /**
     * Moves the host into {@code clusterId} (null: out of any cluster). Its instances stay on it and its
     * capacity claims with them; it takes the new cluster's overcommit ratios (out of a cluster: the
     * defaults a host added without a cluster gets).
     */
    private static void move(EntityManager em, HostEntity host, String clusterId, List<String> changes) {
        if (Objects.equals(clusterId, host.getClusterId())) {
            return;
        }
        String before = clusterName(em, host.getClusterId());
        if (clusterId == null) {
            host.setCpuOvercommit(ClusterServiceImpl.DEFAULT_CPU_OVERCOMMIT);
            host.setMemoryOvercommit(ClusterServiceImpl.DEFAULT_MEMORY_OVERCOMMIT);
        } else {
            ClusterEntity cluster = em.find(ClusterEntity.class, clusterId);
            if (cluster == null) {
                throw OvmException.invalid("clusterId", "cluster " + clusterId + " does not exist");
            }
            if (cluster.getHypervisorType() != null && !cluster.getHypervisorType().equals(host.getType())) {
                throw OvmException.conflict("clusterId", "cluster " + cluster.getName() + " is for "
                        + cluster.getHypervisorType() + " hosts; host " + host.getName() + " is " + host.getType());
            }
            host.setCpuOvercommit(cluster.getCpuOvercommit());
            host.setMemoryOvercommit(cluster.getMemoryOvercommit());
        }
        requireNetworksReach(em, host, clusterId, before);
        host.setClusterId(clusterId);
        changes.add("cluster " + before + " -> " + clusterName(em, clusterId));
    }

    /** 409 when instances of the host use a network that reaches its present cluster only. */
    private static void requireNetworksReach(EntityManager em, HostEntity host, String clusterId, String before) {
        TypedQuery<String> query = em.createQuery("SELECT DISTINCT n.name FROM NetworkEntity n, IpAddressEntity a, "
                + "InstanceEntity i WHERE a.networkId = n.id AND a.instanceId = i.id AND i.hostId = ?1 AND "
                + "n.clusterId IS NOT NULL" + (clusterId == null ? "" : " AND n.clusterId <> ?2"), String.class)
                .setParameter(1, host.getId());
        if (clusterId != null) {
            query.setParameter(2, clusterId);
        }
        List<String> networks = query.setMaxResults(5).getResultList();
        if (!networks.isEmpty()) {
            throw OvmException.conflict("clusterId", "instances of host " + host.getName() + " use network(s) "
                    + String.join(", ", networks) + ", which reach cluster " + before + " only: delete those "
                    + "instances or keep the host in " + before);
        }
    }

    private static String clusterName(EntityManager em, String clusterId) {
        ClusterEntity cluster = clusterId == null ? null : em.find(ClusterEntity.class, clusterId);
        return cluster == null ? "(none)" : cluster.getName();
    }

    /** Merges settings and secrets; true when the secrets changed (the host is reconnected then). */
    private boolean settingsAndSecrets(HostEntity host, HostUpdate update, List<String> changes) {
        Map<String, String> settings = Json.read(host.getSettings());
        if (update.settings() != null) {
            Map<String, String> merged = HostChecks.settings(HostChecks.merge(settings, update.settings(), "settings"));
            describe("setting", settings, merged, true, changes);
            settings = merged;
            host.setSettings(Json.write(new TreeMap<>(merged)));
        }
        Map<String, String> secrets = access.secrets(host);
        Map<String, String> merged = update.secrets() == null ? secrets
                : HostChecks.merge(secrets, update.secrets(), "secrets");
        HostChecks.secrets(merged, settings); // also when only the settings changed: no name may be both
        if (update.secrets() == null || merged.equals(secrets)) {
            return false;
        }
        describe("secret", secrets, merged, false, changes);
        host.setSecrets(merged.isEmpty() ? null : access.encrypt(Json.write(merged)));
        return true;
    }

    /** Names what changed between two maps; values only when {@code showValues} (never for secrets). */
    static void describe(String what, Map<String, String> before, Map<String, String> after, boolean showValues,
            List<String> changes) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String old = before.get(key);
            String now = after.get(key);
            if (Objects.equals(old, now)) {
                continue;
            }
            if (now == null) {
                changes.add(what + " " + key + " removed");
            } else {
                changes.add(what + " " + key + (showValues ? "=" + now : old == null ? " added" : " changed"));
            }
        }
    }

    /** URI, user and password; true when any of them changed (the host is reconnected then). */
    private boolean endpoint(HostEntity host, HostUpdate update, List<String> changes) {
        boolean changed = false;
        if (update.uri() != null && !update.uri().equals(host.getUri())) {
            changes.add("uri " + host.getUri() + " -> " + update.uri());
            host.setUri(update.uri());
            changed = true;
        }
        if (update.username() != null) {
            String username = update.username().isEmpty() ? null : update.username();
            if (!Objects.equals(username, host.getUsername())) {
                changes.add("username " + Objects.toString(host.getUsername(), "(none)") + " -> "
                        + Objects.toString(username, "(none)"));
                host.setUsername(username);
                changed = true;
            }
            if (username == null && host.getSecret() != null && update.password() == null) {
                host.setSecret(null); // no password without a user
                changes.add("password removed");
            }
        }
        if (update.password() != null) {
            if (host.getUsername() == null && !update.password().isEmpty()) {
                throw OvmException.invalid("username", "a password was given without a username");
            }
            host.setSecret(update.password().isEmpty() ? null : access.encrypt(update.password()));
            changes.add(update.password().isEmpty() ? "password removed" : "password changed");
            changed = true;
        }
        return changed;
    }
}
