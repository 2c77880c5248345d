package org.ovm.plugin.docker.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;

/**
 * The engine networks OVM networks become, whatever their engine driver ({@code bridge} for
 * {@value DockerNetworkDriver#TYPE} networks, {@code macvlan} for VLAN networks): one per OVM
 * network, named {@code ovm-<network id>} and labelled with the id (and the VLAN when there is
 * one). One engine cannot hold two networks with overlapping subnets, so an overlapping network
 * is either a leftover of a deleted OVM network, which is removed, or a conflict.
 */
final class EngineNetworks {

    /** Label on the engine networks OVM makes: the OVM network's id. */
    static final String LABEL = "org.ovm.network";
    /** Label on the engine networks of VLAN networks: the VLAN id (absent means no VLAN). */
    static final String VLAN_LABEL = "org.ovm.vlan";

    /**
     * An engine network to make.
     *
     * @param networkId   the OVM network's id
     * @param displayName the OVM network's name, for messages
     * @param vlan        its VLAN id, 0 for none
     * @param driver      the engine's network driver
     * @param options     the driver's options
     */
    record Wanted(String networkId, String displayName, int vlan, String cidr, String gateway, String driver,
            Map<String, String> options) {
    }

    private EngineNetworks() {
    }

    /** The engine network's name for an OVM network. */
    static String name(String networkId) {
        return "ovm-" + networkId;
    }

    /**
     * Makes the engine network exist (nothing when it does) and returns its name. An empty
     * network left behind by another OVM network on the same VLAN that overlaps the subnet is
     * removed first: the kernel refuses overlapping subnets on one VLAN, so that network is gone.
     * Any other overlap is a {@code CONFLICT} naming the engine network.
     */
    static String ensure(DockerClient docker, Wanted wanted) {
        String name = name(wanted.networkId());
        for (Network n : docker.listNetworksCmd().exec()) {
            if (n.getName().equals(name)) {
                return name;
            }
        }
        for (Network n : docker.listNetworksCmd().exec()) {
            String clash = overlapping(n, wanted.cidr());
            if (clash == null) {
                continue;
            }
            Network inspected = docker.inspectNetworkCmd().withNetworkId(n.getId()).exec();
            Map<String, String> labels = inspected.getLabels() == null ? Map.of() : inspected.getLabels();
            boolean ours = labels.containsKey(LABEL);
            boolean sameVlan = String.valueOf(wanted.vlan()).equals(labels.getOrDefault(VLAN_LABEL, "0"));
            if (!ours) {
                throw new DriverException(ErrorCode.CONFLICT, "the engine's network " + n.getName() + " already uses "
                        + clash + ", which overlaps " + wanted.cidr() + " of network " + wanted.displayName()
                        + ": remove it from the engine, or give the OVM network another subnet");
            }
            if (!sameVlan) {
                throw new DriverException(ErrorCode.CONFLICT, "the engine's network " + n.getName() + " (OVM network "
                        + labels.get(LABEL) + ", VLAN " + labels.getOrDefault(VLAN_LABEL, "none") + ") already uses "
                        + clash + ", which overlaps " + wanted.cidr() + " of network " + wanted.displayName()
                        + ": one Docker engine cannot hold two networks with overlapping subnets, even on different "
                        + "VLANs; give the OVM network another subnet");
            }
            List<String> users = users(docker, inspected);
            if (!users.isEmpty()) {
                throw new DriverException(ErrorCode.CONFLICT, "the engine's network " + n.getName() + " of OVM network "
                        + labels.get(LABEL) + " already uses " + clash + ", which overlaps " + wanted.cidr()
                        + " of network " + wanted.displayName() + ", and containers " + String.join(", ", users)
                        + " are still on it: delete them, or give the OVM network another subnet");
            }
            // left behind by an OVM network that no longer exists: nothing is plugged into it
            docker.removeNetworkCmd(n.getId()).exec();
        }
        Network.Ipam.Config config = new Network.Ipam.Config().withSubnet(wanted.cidr());
        if (wanted.gateway() != null) {
            config.withGateway(wanted.gateway());
        }
        Map<String, String> labels = new HashMap<>();
        labels.put(LABEL, wanted.networkId());
        if (wanted.vlan() > 0) {
            labels.put(VLAN_LABEL, String.valueOf(wanted.vlan()));
        }
        docker.createNetworkCmd().withName(name).withDriver(wanted.driver()).withOptions(wanted.options())
                .withCheckDuplicate(true).withIpam(new Network.Ipam().withConfig(config)).withLabels(labels).exec();
        return name;
    }

    /**
     * Removes an engine network unless containers use it ({@code CONFLICT} naming them); nothing
     * when it does not exist.
     */
    static void remove(DockerClient docker, String name, String displayName) {
        Network n;
        try {
            n = docker.inspectNetworkCmd().withNetworkId(name).exec();
        } catch (RuntimeException e) {
            if (DockerErrors.notFound(e)) {
                return;
            }
            throw e;
        }
        List<String> users = users(docker, n);
        if (!users.isEmpty()) {
            throw new DriverException(ErrorCode.CONFLICT, "network " + displayName + " is still used on the engine by "
                    + "containers " + String.join(", ", users) + ": delete them first");
        }
        try {
            docker.removeNetworkCmd(n.getId()).exec();
        } catch (RuntimeException e) {
            if (!DockerErrors.notFound(e)) {
                throw e;
            }
        }
    }

    /**
     * The names of the containers on an engine network: running ones (the network's endpoints)
     * and stopped ones (which the engine does not list as endpoints but which would fail to start
     * once the network is gone).
     */
    static List<String> users(DockerClient docker, Network n) {
        TreeSet<String> names = new TreeSet<>();
        if (n.getContainers() != null) {
            n.getContainers().values().forEach(c -> names.add(c.getName()));
        }
        for (Container c : docker.listContainersCmd().withShowAll(true).withNetworkFilter(List.of(n.getId())).exec()) {
            if (c.getNames() != null && c.getNames().length > 0) {
                names.add(c.getNames()[0].replaceFirst("^/", ""));
            } else {
                names.add(c.getId());
            }
        }
        return new ArrayList<>(names);
    }

    /** The subnet of an engine network that overlaps {@code cidr}, or null. */
    static String overlapping(Network n, String cidr) {
        if (n.getIpam() == null || n.getIpam().getConfig() == null) {
            return null;
        }
        for (Network.Ipam.Config c : n.getIpam().getConfig()) {
            if (c.getSubnet() != null && Cidrs.overlap(c.getSubnet(), cidr)) {
                return c.getSubnet();
            }
        }
        return null;
    }
}
