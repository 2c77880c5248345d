package org.ovm.core.network.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.ovm.core.OvmException;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.inventory.NetworkRealizationEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.RealizationState;
import org.ovm.core.network.RealizationView;
import org.ovm.core.task.internal.Failures;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.network.NetworkCapability;
import org.ovm.spi.network.NetworkDriver;
import org.ovm.spi.network.NetworkSpec;
import org.ovm.spi.network.NetworkTarget;

/**
 * Realizes networks on hosts and records where ({@code NETWORK_REALIZATIONS}, one row per network
 * and host): {@code REALIZING} while the driver works, then {@code REALIZED} with the port it
 * answered or {@code FAILED} with its message. For a driver with {@link NetworkCapability#DHCP} the
 * DHCP server of each realization gets an address of the network's range first, passed to the
 * driver as the {@link NetworkSpec} setting {@value #DHCP_ADDRESS}. Concurrent realizations of one
 * network on one host are one driver call: the later callers wait for the first one's answer.
 */
public final class Realizations {

    /** The {@link NetworkSpec} setting carrying the DHCP server's own address. */
    public static final String DHCP_ADDRESS = "dhcpAddress";

    /** Longest reason stored (the column's width). */
    static final int MAX_REASON = 1024;

    /** A network realized on a host: where NICs plug in, and the spec drivers get for that host. */
    public record Realized(String portRef, NetworkSpec spec) {
    }

    /** What the record said before the driver call: the DHCP address, or why there is none. */
    private record Begun(String dhcpAddress, String failure) {
    }

    private final Tx tx;
    private final Function<String, NetworkDriver> drivers;
    private final DhcpClaims dhcp;
    private final Map<String, CompletableFuture<Realized>> inFlight = new ConcurrentHashMap<>();

    public Realizations(Tx tx, Function<String, NetworkDriver> drivers, AddressClaims addresses) {
        this.tx = tx;
        this.drivers = drivers;
        this.dhcp = new DhcpClaims(addresses);
    }

    /**
     * Makes {@code network} exist on {@code target}'s host (the driver's {@code realize} is
     * idempotent, so a realized network is realized again: that repairs a host that lost it) and
     * records the outcome. Joins a realization of the same network on the same host in flight.
     */
    public CompletionStage<Realized> realize(OperationContext ctx, NetworkEntity network, NetworkTarget target) {
        String key = network.getId() + "@" + target.hostId();
        CompletableFuture<Realized> mine = new CompletableFuture<>();
        CompletableFuture<Realized> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        try {
            NetworkDriver driver = drivers.apply(network.getType());
            boolean withDhcp = driver.capabilities().contains(NetworkCapability.DHCP);
            Begun begun = tx.call(em -> begin(em, network, target.hostId(), withDhcp));
            if (begun.failure() != null) {
                throw OvmException.conflict(null, begun.failure());
            }
            NetworkSpec spec = spec(network, begun.dhcpAddress());
            CompletionStage<String> call;
            try {
                call = driver.realize(ctx, spec, target);
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            call.whenComplete((port, error) -> {
                Throwable failure = error;
                try {
                    tx.run(em -> finish(em, network.getId(), target.hostId(), port, error));
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
                inFlight.remove(key, mine);
                if (failure == null) {
                    mine.complete(new Realized(port, spec));
                } else {
                    mine.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /**
     * Under the network's row lock: the record as {@code REALIZING} (a {@code REALIZED} one stays so
     * while it is realized again), with a DHCP address claimed when the driver needs one and the
     * record has none yet. A range without a free address leaves the record {@code FAILED}.
     */
    private Begun begin(EntityManager em, NetworkEntity network, String hostId, boolean withDhcp) {
        if (em.createNativeQuery("UPDATE NETWORKS SET USED_IPS = USED_IPS WHERE ID = ?").setParameter(1,
                network.getId()).executeUpdate() != 1) {
            throw OvmException.notFound("network", network.getId());
        }
        NetworkRealizationEntity record = find(em, network.getId(), hostId);
        if (record == null) {
            record = new NetworkRealizationEntity();
            record.setId(Ids.newId());
            record.setNetworkId(network.getId());
            record.setHostId(hostId);
            record.setState(RealizationState.REALIZING);
            em.persist(record);
        } else if (record.getState() != RealizationState.REALIZED) {
            record.setState(RealizationState.REALIZING);
            record.setReason(null);
        }
        record.setUpdatedAt(Times.now());
        if (withDhcp && record.getDhcpAddress() == null) {
            try {
                record.setDhcpAddress(dhcp.claim(em, network, hostId));
            } catch (OvmException e) {
                String failure = "no address of network " + network.getName() + " is left for its DHCP server on "
                        + "this host: " + e.getMessage() + "; widen the range or free an address, then try again";
                record.setState(RealizationState.FAILED);
                record.setReason(truncate(failure));
                return new Begun(null, failure);
            }
        }
        return new Begun(record.getDhcpAddress(), null);
    }

    private static void finish(EntityManager em, String networkId, String hostId, String port, Throwable error) {
        NetworkRealizationEntity record = find(em, networkId, hostId);
        if (record == null) {
            return;
        }
        if (error == null) {
            record.setState(RealizationState.REALIZED);
            record.setPortRef(port);
            record.setReason(null);
        } else {
            record.setState(RealizationState.FAILED);
            record.setReason(reason(error));
        }
        record.setUpdatedAt(Times.now());
    }

    /** The spec drivers get for {@code network} on {@code hostId}: with the DHCP address its record holds. */
    public NetworkSpec specOn(NetworkEntity network, String hostId) {
        NetworkRealizationEntity record = tx.call(em -> find(em, network.getId(), hostId));
        return spec(network, record == null ? null : record.getDhcpAddress());
    }

    /** A network as drivers see it on one host: DNS, range and (with DHCP) the server's own address. */
    public static NetworkSpec spec(NetworkEntity network, String dhcpAddress) {
        Map<String, String> settings = new HashMap<>();
        if (network.getDns() != null) {
            settings.put("dns", network.getDns());
        }
        settings.put("rangeStart", network.getRangeStart());
        settings.put("rangeEnd", network.getRangeEnd());
        if (dhcpAddress != null) {
            settings.put(DHCP_ADDRESS, dhcpAddress);
        }
        return new NetworkSpec(network.getId(), network.getName(), network.getVlan(), network.getCidr(),
                network.getGateway(), settings);
    }

    static NetworkRealizationEntity find(EntityManager em, String networkId, String hostId) {
        List<NetworkRealizationEntity> found = em.createQuery("SELECT r FROM NetworkRealizationEntity r WHERE "
                + "r.networkId = ?1 AND r.hostId = ?2", NetworkRealizationEntity.class).setParameter(1, networkId)
                .setParameter(2, hostId).getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    /** A network's records, by host id. */
    static List<NetworkRealizationEntity> of(EntityManager em, String networkId) {
        return em.createQuery("SELECT r FROM NetworkRealizationEntity r WHERE r.networkId = ?1 ORDER BY r.hostId",
                NetworkRealizationEntity.class).setParameter(1, networkId).getResultList();
    }

    /** A network's records as clients see them, with the hosts' names. */
    static List<RealizationView> views(EntityManager em, String networkId) {
        return of(em, networkId).stream().map(r -> {
            HostEntity host = em.find(HostEntity.class, r.getHostId());
            return new RealizationView(r.getHostId(), host == null ? null : host.getName(), r.getState() == null ? null
                    : r.getState().name(), r.getPortRef(), r.getReason(), Times.iso(r.getUpdatedAt()));
        }).toList();
    }

    /** Why a driver call failed, in at most {@link #MAX_REASON} characters. */
    static String reason(Throwable error) {
        String message = Failures.message(error);
        return truncate(message == null || message.isBlank() ? "the network driver gave no reason (see the task and "
                + "the engine's log)" : message);
    }

    static String truncate(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 3) + "...";
    }
}
