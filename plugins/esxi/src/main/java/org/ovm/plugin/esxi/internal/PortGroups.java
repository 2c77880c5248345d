package org.ovm.plugin.esxi.internal;

import java.rmi.RemoteException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

import com.vmware.vim25.HostNetworkPolicy;
import com.vmware.vim25.HostPortGroup;
import com.vmware.vim25.HostPortGroupSpec;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.mo.HostNetworkSystem;

/**
 * The port groups OVM networks become on a host's standard vSwitch, for {@value
 * EsxiPortGroupDriver#TYPE} networks and VLAN networks alike. A network's port group is named by
 * its {@code portGroup} setting, which may name one that exists already ({@code VM Network}: used
 * as it is, never created nor removed), else {@code ovm-<network name>}; names starting with
 * {@value #PREFIX} are OVM's, made with the network's VLAN on the {@code vswitch} setting's
 * vSwitch (default {@value #DEFAULT_VSWITCH}) and removed with it.
 */
final class PortGroups {

    static final String PREFIX = "ovm-";
    static final String DEFAULT_VSWITCH = "vSwitch0";

    private PortGroups() {
    }

    /** The port group of a network, from its settings and name. */
    static String name(String networkName, Map<String, String> settings) {
        String named = settings.get("portGroup");
        return named == null || named.isBlank() ? PREFIX + networkName : named;
    }

    /** Whether OVM makes and removes the port group (else it is the host's own). */
    static boolean owned(String name) {
        return name.startsWith(PREFIX);
    }

    /**
     * Makes the port group exist with the VLAN (an OVM port group with another VLAN is updated;
     * the host's own with another VLAN is a {@code CONFLICT}; a missing one of the host's is
     * {@code INVALID}) and returns its name.
     */
    static String ensure(EsxiSessions.Session s, String name, Map<String, String> settings, int vlan,
            String networkName) throws Exception {
        HostNetworkSystem net = s.host.getHostNetworkSystem();
        HostPortGroup existing = find(net, name);
        if (existing != null) {
            if (existing.getSpec().getVlanId() != vlan && owned(name)) {
                HostPortGroupSpec spec = existing.getSpec();
                spec.setVlanId(vlan);
                net.updatePortGroup(name, spec);
            } else if (existing.getSpec().getVlanId() != vlan) {
                throw new DriverException(ErrorCode.CONFLICT, "port group " + name + " carries VLAN "
                        + existing.getSpec().getVlanId() + ", network " + networkName + " has VLAN " + vlan
                        + ": give the network the port group's VLAN or another port group");
            }
            return name;
        }
        if (!owned(name)) {
            throw new DriverException(ErrorCode.INVALID, "the host has no port group " + name);
        }
        HostPortGroupSpec spec = new HostPortGroupSpec();
        spec.setName(name);
        spec.setVlanId(vlan);
        spec.setVswitchName(settings.getOrDefault("vswitch", DEFAULT_VSWITCH));
        spec.setPolicy(new HostNetworkPolicy());
        net.addPortGroup(spec);
        return name;
    }

    /**
     * Removes an OVM port group unless VMs have NICs on it ({@code CONFLICT} naming them);
     * nothing for the host's own port groups or one that is gone already.
     */
    static void remove(EsxiSessions.Session s, String name, String networkName) throws Exception {
        if (!owned(name)) {
            return; // the host's own port group stays
        }
        HostNetworkSystem net = s.host.getHostNetworkSystem();
        if (find(net, name) == null) {
            return;
        }
        List<String> users = users(s, name);
        if (!users.isEmpty()) {
            throw new DriverException(ErrorCode.CONFLICT, "port group " + name + " of network " + networkName
                    + " still has NICs of VMs " + String.join(", ", users) + " on it: delete them or move their NICs "
                    + "first");
        }
        net.removePortGroup(name);
    }

    /** The names of the host's VMs (powered off ones too) with a NIC on the port group. */
    static List<String> users(EsxiSessions.Session s, String name) throws RemoteException {
        Map<String, Object> host = Properties.read(s, "HostSystem", List.of(s.host.getMOR()), "vm")
                .getOrDefault(s.host.getMOR().getVal(), Map.of());
        if (!(host.get("vm") instanceof ManagedObjectReference[] refs) || refs.length == 0) {
            return List.of();
        }
        TreeSet<String> out = new TreeSet<>();
        Properties.read(s, "VirtualMachine", List.of(refs), "name", "config.hardware.device").forEach((id, p) -> {
            if (p.get("config.hardware.device") instanceof VirtualDevice[] devices) {
                for (VirtualDevice d : devices) {
                    if (d instanceof VirtualEthernetCard && d.getBacking() instanceof VirtualEthernetCardNetworkBackingInfo b
                            && name.equals(b.getDeviceName())) {
                        out.add(String.valueOf(p.get("name")));
                    }
                }
            }
        });
        return List.copyOf(out);
    }

    static HostPortGroup find(HostNetworkSystem net, String name) {
        HostPortGroup[] groups = net.getNetworkInfo().getPortgroup();
        for (HostPortGroup g : groups == null ? new HostPortGroup[0] : groups) {
            if (name.equals(g.getSpec().getName())) {
                return g;
            }
        }
        return null;
    }
}
