package org.ovm.core.network.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.OvmException;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.internal.inventory.ClusterEntity;
import org.ovm.core.internal.inventory.IpAddressEntity;
import org.ovm.core.internal.inventory.NetworkEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Lists;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.network.AddressView;
import org.ovm.core.network.NetworkRequest;
import org.ovm.core.network.NetworkService;
import org.ovm.core.network.NetworkView;
import org.ovm.core.network.RealizationView;
import org.ovm.core.task.TaskView;
import org.ovm.spi.network.NetworkDriver;

/**
 * Networks and their address usage. A network is realized on a host when the first NIC plugs into it
 * ({@link Realizations}) and removed from every host by its delete task ({@link NetworkDeletion}).
 */
public final class NetworkServiceImpl implements NetworkService {

    private final Tx tx;
    private final Function<String, NetworkDriver> drivers;
    private final EventPublisher events;
    private final NetworkDeletion deletion;
    /** Creates one at a time, so that two overlapping subnets cannot both pass the overlap check. */
    private final Object creating = new Object();

    /** {@code drivers} answers the driver of a type or fails with 503 naming the plugin to install. */
    public NetworkServiceImpl(Tx tx, Function<String, NetworkDriver> drivers, EventPublisher events,
            NetworkDeletion deletion) {
        this.tx = tx;
        this.drivers = drivers;
        this.events = events;
        this.deletion = deletion;
    }

    @Override
    public Page<NetworkView> list(Caller caller, Filters filters, PageRequest page) {
        return tx.call(em -> Lists.page(em, NetworkEntity.class, Map.of("name", "name", "type", "type", "clusterId",
                "clusterId"), filters, List.of(), "name", page, n -> view(n, realizations(em, caller, n))));
    }

    @Override
    public NetworkView get(Caller caller, String id) {
        return tx.call(em -> {
            NetworkEntity network = find(em, id);
            return view(network, realizations(em, caller, network));
        });
    }

    /** Where a network is realized: admins see it, other users do not (hosts are the admins' business). */
    private static List<RealizationView> realizations(EntityManager em, Caller caller, NetworkEntity network) {
        return caller.isAdmin() ? Realizations.views(em, network.getId()) : List.of();
    }

    @Override
    public NetworkView create(Caller caller, NetworkRequest request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name, type and cidr is required");
        }
        String name = Ids.requireName("name", request.name());
        if (request.type() == null || request.type().isBlank()) {
            throw OvmException.invalid("type", "type is required: the network driver that realizes it (e.g. vlan)");
        }
        NetworkDriver driver = drivers.apply(request.type());
        int vlan = NetworkChecks.vlan(request.vlan(), request.type(), driver.capabilities());
        Ipv4.Subnet subnet = Ipv4.subnet("cidr", request.cidr());
        long gateway = request.gateway() == null ? -1 : inside(subnet, "gateway", request.gateway());
        long start = request.rangeStart() != null ? inside(subnet, "rangeStart", request.rangeStart())
                : gateway == subnet.firstHost() ? subnet.firstHost() + 1 : subnet.firstHost();
        long end = request.rangeEnd() != null ? inside(subnet, "rangeEnd", request.rangeEnd()) : subnet.lastHost();
        if (start > end) {
            throw OvmException.invalid("rangeEnd", "rangeEnd " + Ipv4.format(end) + " is before rangeStart "
                    + Ipv4.format(start));
        }
        String dns = null;
        if (request.dns() != null && !request.dns().isBlank()) {
            List<String> servers = Arrays.stream(request.dns().split(",")).map(String::trim).toList();
            servers.forEach(server -> Ipv4.parse("dns", server));
            dns = String.join(",", servers);
        }
        String ipv6 = request.ipv6Cidr() == null || request.ipv6Cidr().isBlank() ? null
                : Ipv6.prefix("ipv6Cidr", request.ipv6Cidr());
        String chosenDns = dns;
        NetworkEntity created;
        synchronized (creating) {
            created = tx.call(em -> {
            Ids.requireUnusedName(em, NetworkEntity.class, "network", name);
            NetworkChecks.noOverlap(em, vlan, subnet);
            if (request.clusterId() != null && em.find(ClusterEntity.class, request.clusterId()) == null) {
                throw OvmException.invalid("clusterId", "cluster " + request.clusterId() + " does not exist");
            }
            NetworkEntity network = new NetworkEntity();
            network.setId(Ids.newId());
            network.setName(name);
            network.setType(request.type());
            network.setVlan(vlan);
            network.setCidr(subnet.toString());
            network.setGateway(gateway < 0 ? null : Ipv4.format(gateway));
            network.setDns(chosenDns);
            network.setRangeStart(Ipv4.format(start));
            network.setRangeEnd(Ipv4.format(end));
            network.setClusterId(request.clusterId());
            network.setIpv6Cidr(ipv6);
            network.setCreatedAt(Times.now());
            if (AddressClaims.capacity(network) < 1) {
                throw OvmException.invalid("rangeStart", "the range " + network.getRangeStart() + "-"
                        + network.getRangeEnd() + " holds no address besides the gateway");
            }
            em.persist(network);
            return network;
        });
        }
        events.publish(caller, "network/created", created.getId(), null, "network " + name + " ("
                + created.getCidr() + (vlan == 0 ? "" : ", VLAN " + vlan) + ") created");
        return view(created, List.of());
    }

    @Override
    public TaskView delete(Caller caller, String id) {
        caller.requireAdmin();
        return deletion.start(caller, tx.call(em -> find(em, id)));
    }

    @Override
    public List<AddressView> addresses(Caller caller, String id) {
        return tx.call(em -> {
            find(em, id);
            return em.createQuery("SELECT a FROM IpAddressEntity a WHERE a.networkId = ?1", IpAddressEntity.class)
                    .setParameter(1, id).getResultList().stream().filter(a -> caller.canSee(a.getVdcId()))
                    .sorted(Comparator.comparingLong(a -> Ipv4.parse("address", a.getAddress())))
                    .map(NetworkServiceImpl::view).toList();
        });
    }

    private static long inside(Ipv4.Subnet subnet, String field, String text) {
        long address = Ipv4.parse(field, text);
        if (!subnet.hosts(address)) {
            throw OvmException.invalid(field, field + " " + text + " is outside the network " + subnet
                    + ": it must be one of its host addresses (" + Ipv4.format(subnet.firstHost()) + " to "
                    + Ipv4.format(subnet.lastHost()) + ")");
        }
        return address;
    }

    private static NetworkEntity find(EntityManager em, String id) {
        NetworkEntity network = em.find(NetworkEntity.class, id);
        if (network == null) {
            throw OvmException.notFound("network", id);
        }
        return network;
    }

    static NetworkView view(NetworkEntity n, List<RealizationView> realizations) {
        return new NetworkView(n.getId(), n.getName(), n.getType(), n.getVlan(), n.getCidr(), n.getGateway(),
                n.getDns(), n.getRangeStart(), n.getRangeEnd(), n.getClusterId(), AddressClaims.capacity(n),
                n.getUsedIps(), Times.iso(n.getCreatedAt()), n.getIpv6Cidr(), realizations);
    }

    static AddressView view(IpAddressEntity a) {
        boolean dhcp = AddressView.DHCP.equals(a.getRole());
        return new AddressView(a.getAddress(), a.getMac(), a.getNetworkId(), a.getInstanceId(), a.getVdcId(),
                dhcp ? null : a.getNicIndex(), Times.iso(a.getCreatedAt()), dhcp ? AddressView.DHCP : AddressView.NIC,
                a.getHostId());
    }
}
