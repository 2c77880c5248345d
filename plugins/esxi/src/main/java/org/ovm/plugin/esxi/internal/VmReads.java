package org.ovm.plugin.esxi.internal;

import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.PowerState;

import com.vmware.vim25.ManagedObjectNotFound;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceFileBackingInfo;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualDiskFlatVer2BackingInfo;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.mo.VirtualMachine;

/**
 * Reads VMs as instances: one property-collector round trip for any number of VMs, with their
 * CPUs, memory, power state, guest OS, disks and NICs. Templates are not instances.
 */
final class VmReads {

    static final String[] PROPERTIES = {"name", "runtime.powerState", "config.hardware.numCPU",
        "config.hardware.memoryMB", "config.guestId", "config.guestFullName", "config.hardware.device",
        "config.template", "config.uuid", "config.files.vmPathName", "config.annotation"};

    private VmReads() {
    }

    /** Every VM registered on the host. */
    static List<InstanceInfo> all(EsxiSessions.Session s) throws RemoteException {
        Map<String, Object> host = Properties.read(s, "HostSystem", List.of(s.host.getMOR()), "vm")
                .getOrDefault(s.host.getMOR().getVal(), Map.of());
        if (!(host.get("vm") instanceof ManagedObjectReference[] refs)) {
            return List.of(); // a host without VMs has no value for "vm"
        }
        return read(s, List.of(refs));
    }

    /** One VM by its managed object id, or empty when the host does not know it. */
    static Optional<InstanceInfo> one(EsxiSessions.Session s, String backendId) throws RemoteException {
        try {
            return read(s, List.of(s.ref("VirtualMachine", backendId))).stream().findFirst();
        } catch (ManagedObjectNotFound e) {
            return Optional.empty();
        }
    }

    static VirtualMachine vm(EsxiSessions.Session s, String backendId) {
        return new VirtualMachine(s.si.getServerConnection(), s.ref("VirtualMachine", backendId));
    }

    private static List<InstanceInfo> read(EsxiSessions.Session s, List<ManagedObjectReference> refs)
            throws RemoteException {
        List<InstanceInfo> out = new ArrayList<>();
        Properties.read(s, "VirtualMachine", refs, PROPERTIES).forEach((id, p) -> {
            if (p.get("name") != null && !Boolean.TRUE.equals(p.get("config.template"))) {
                out.add(info(id, p)); // else: a template
            }
        });
        return out;
    }

    private static InstanceInfo info(String id, Map<String, Object> p) {
        Map<String, String> details = new LinkedHashMap<>();
        put(details, "guestId", p.get("config.guestId"));
        put(details, "guestOs", p.get("config.guestFullName"));
        put(details, "uuid", p.get("config.uuid"));
        put(details, "vmx", p.get("config.files.vmPathName"));
        put(details, "annotation", p.get("config.annotation"));
        Object devices = p.get("config.hardware.device");
        if (devices instanceof VirtualDevice[] list) {
            describeDevices(list, details);
        }
        int cpus = p.get("config.hardware.numCPU") instanceof Integer n ? n : 0;
        long memory = p.get("config.hardware.memoryMB") instanceof Integer m ? m : 0;
        return new InstanceInfo(id, String.valueOf(p.get("name")), state(p.get("runtime.powerState")), cpus, memory,
                details);
    }

    private static void describeDevices(VirtualDevice[] devices, Map<String, String> details) {
        List<String> disks = new ArrayList<>();
        List<String> nics = new ArrayList<>();
        for (VirtualDevice d : devices) {
            if (d instanceof VirtualDisk disk) {
                String file = d.getBacking() instanceof VirtualDeviceFileBackingInfo f ? f.getFileName() : "?";
                String thin = d.getBacking() instanceof VirtualDiskFlatVer2BackingInfo flat
                        && Boolean.TRUE.equals(flat.getThinProvisioned()) ? " thin" : "";
                // a host reports the capacity of every disk; 0 only where it did not read the file (a simulator)
                disks.add(disk.getCapacityInKB() > 0 ? file + " (" + gib(disk.getCapacityInKB()) + thin + ")"
                        : file + (thin.isEmpty() ? "" : " (thin)"));
            } else if (d instanceof VirtualEthernetCard nic) {
                String network = d.getBacking() instanceof VirtualEthernetCardNetworkBackingInfo b ? b.getDeviceName()
                        : "?";
                nics.add(nic.getMacAddress() + " on " + network + " (" + d.getClass().getSimpleName()
                        .replace("Virtual", "").toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        if (!disks.isEmpty()) {
            details.put("disks", String.join(", ", disks));
        }
        if (!nics.isEmpty()) {
            details.put("nics", String.join(", ", nics));
        }
    }

    /** A capacity in KiB as people write it: GiB, MiB or KiB, one decimal where it is not whole. */
    static String gib(long kib) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = kib;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value == Math.rint(value) ? String.valueOf((long) value)
                : String.format(java.util.Locale.ROOT, "%.1f", value)) + " " + units[unit];
    }

    private static void put(Map<String, String> details, String key, Object value) {
        if (value != null && !String.valueOf(value).isBlank()) {
            details.put(key, String.valueOf(value));
        }
    }

    static PowerState state(Object powerState) {
        if (powerState == VirtualMachinePowerState.poweredOn) {
            return PowerState.RUNNING;
        }
        if (powerState == VirtualMachinePowerState.poweredOff) {
            return PowerState.STOPPED;
        }
        if (powerState == VirtualMachinePowerState.suspended) {
            return PowerState.PAUSED;
        }
        return PowerState.UNKNOWN;
    }
}
