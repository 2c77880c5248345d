package org.ovm.core.network.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.spi.network.NetworkDriver;

/** Networks and their address usage. A network is realized on a host when the first NIC plugs into it. */
public final class NetworkServiceImpl implements NetworkService {

    static final int MAX_VLAN = 4094;

    private final Tx tx;
    private final DriverRegistry<NetworkDriver> drivers;
    private final EventPublisher events;

    public NetworkServiceImpl(Tx tx, DriverRegistry<NetworkDriver> drivers, EventPublisher events) {
        this.tx = tx;
        this.drivers = drivers;
        this.events = events;
    }

    @Override
    public Page<NetworkView> list(Caller caller, Filters filters, PageRequest page) {
        return tx.call(em -> Lists.page(em, NetworkEntity.class, Map.of("name", "name", "type", "type", "clusterId",
                "clusterId"), filters, List.of(), "name", page, NetworkServiceImpl::view));
    }

    @Override
    public NetworkView get(Caller caller, String id) {
        return tx.call(em -> view(find(em, id)));
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
        drivers.require(request.type());
        int vlan = request.vlan() == null ? 0 : request.vlan();
        if (vlan < 0 || vlan > MAX_VLAN) {
            throw OvmException.invalid("vlan", "vlan must be between 1 and " + MAX_VLAN + " (0 for untagged), got "
                    + vlan);
        }
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
        String chosenDns = dns;
        NetworkEntity created = tx.call(em -> {
            Ids.requireUnusedName(em, NetworkEntity.class, "network", name);
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
            network.setCreatedAt(Times.now());
            if (AddressClaims.capacity(network) < 1) {
                throw OvmException.invalid("rangeStart", "the range " + network.getRangeStart() + "-"
                        + network.getRangeEnd() + " holds no address besides the gateway");
            }
            em.persist(network);
            return network;
        });
        events.publish(caller, "network/created", created.getId(), null, "network " + name + " ("
                + created.getCidr() + (vlan == 0 ? "" : ", VLAN " + vlan) + ") created");
        return view(created);
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        String name = tx.call(em -> {
            NetworkEntity network = find(em, id);
            long used = em.createQuery("SELECT COUNT(a) FROM IpAddressEntity a WHERE a.networkId = ?1", Long.class)
                    .setParameter(1, id).getSingleResult();
            if (used > 0) {
                throw OvmException.conflict(null, "network " + network.getName() + " still has " + used
                        + " address(es) in use; delete the instances plugged into it first");
            }
            em.remove(network);
            return network.getName();
        });
        events.publish(caller, "network/deleted", id, null, "network " + name + " deleted");
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
            throw OvmException.invalid(field, field + " " + text + " is not a host address of " + subnet);
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

    static NetworkView view(NetworkEntity n) {
        return new NetworkView(n.getId(), n.getName(), n.getType(), n.getVlan(), n.getCidr(), n.getGateway(),
                n.getDns(), n.getRangeStart(), n.getRangeEnd(), n.getClusterId(), AddressClaims.capacity(n),
                n.getUsedIps(), Times.iso(n.getCreatedAt()));
    }

    static AddressView view(IpAddressEntity a) {
        return new AddressView(a.getAddress(), a.getMac(), a.getNetworkId(), a.getInstanceId(), a.getVdcId(),
                a.getNicIndex(), Times.iso(a.getCreatedAt()));
    }
}
