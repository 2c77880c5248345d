package org.ovm.plugin.kvm.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.NicSpec;
import org.ovm.spi.hypervisor.VmSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds libvirt domain XML from a {@link VmSpec} and reads the facts OVM reports back from a
 * domain's XML. Recognized spec properties: {@code kernel}, {@code initrd}, {@code cmdline}
 * (direct kernel boot), {@code serialLog} (file the serial console is logged to),
 * {@code machine} and {@code ovm.instance.id} (kept in the domain's metadata). Every domain it
 * builds has the QEMU guest agent's virtio-serial channel.
 */
final class DomainXml {

    static final String METADATA_NS = "https://ovm.dev/xmlns/libvirt/1";

    /** Port references of NICs on an Open vSwitch bridge: {@code ovs:<bridge>}. */
    static final String OVS_PORT_PREFIX = "ovs:";

    /** VmSpec property: the address the VNC console listens on (default the loopback). */
    static final String CONSOLE_LISTEN = "consoleListen";

    private DomainXml() {
    }

    static String build(VmSpec spec, String domainType, String arch) {
        Document doc = Xml.newDocument();
        Element domain = Xml.add(doc, "domain", null, "type", domainType);
        Xml.add(domain, "name", spec.name());
        String instanceId = spec.properties().get("ovm.instance.id");
        if (instanceId != null) {
            Element metadata = Xml.add(domain, "metadata", null);
            Element ovm = doc.createElementNS(METADATA_NS, "ovm:instance");
            ovm.setTextContent(instanceId);
            metadata.appendChild(ovm);
        }
        Xml.add(domain, "memory", String.valueOf(spec.memoryMiB()), "unit", "MiB");
        Xml.add(domain, "vcpu", String.valueOf(spec.cpus()));

        Element os = Xml.add(domain, "os", null);
        String machine = spec.properties().get("machine");
        Element type = Xml.add(os, "type", "hvm", "arch", arch);
        if (machine != null) {
            type.setAttribute("machine", machine);
        }
        if (spec.properties().containsKey("kernel")) {
            Xml.add(os, "kernel", spec.properties().get("kernel"));
            if (spec.properties().containsKey("initrd")) {
                Xml.add(os, "initrd", spec.properties().get("initrd"));
            }
            if (spec.properties().containsKey("cmdline")) {
                Xml.add(os, "cmdline", spec.properties().get("cmdline"));
            }
        } else {
            Xml.add(os, "boot", null, "dev", "hd");
            Xml.add(os, "boot", null, "dev", "cdrom");
        }

        Element features = Xml.add(domain, "features", null);
        Xml.add(features, "acpi", null);
        if ("qemu".equals(domainType)) {
            // software emulation: a small translation cache keeps each guest's memory down
            Element tcg = Xml.add(features, "tcg", null);
            Xml.add(tcg, "tb-cache", "32", "unit", "MiB");
        }
        Xml.add(domain, "on_poweroff", "destroy");
        Xml.add(domain, "on_reboot", "restart");
        Xml.add(domain, "on_crash", "destroy");

        Element devices = Xml.add(domain, "devices", null);
        int virtio = 0;
        int ide = 0;
        for (DiskSpec disk : spec.disks()) {
            boolean cdrom = "cdrom".equals(disk.device());
            String bus = disk.bus() != null ? disk.bus() : cdrom ? "sata" : "virtio";
            String dev = "virtio".equals(bus) ? "vd" + (char) ('a' + virtio++) : "sd" + (char) ('a' + ide++);
            Element d = diskElement(devices, disk, cdrom ? "cdrom" : "disk");
            Xml.add(d, "target", null, "dev", dev, "bus", bus);
            if (disk.readOnly()) {
                Xml.add(d, "readonly", null);
            }
        }
        for (NicSpec nic : spec.nics()) {
            nic(devices, nic);
        }
        Element serial = Xml.add(devices, "serial", null, "type", "pty");
        String log = spec.properties().get("serialLog");
        if (log != null) {
            Xml.add(serial, "log", null, "file", log, "append", "off");
        }
        Xml.add(serial, "target", null, "port", "0");
        Element console = Xml.add(devices, "console", null, "type", "pty");
        Xml.add(console, "target", null, "type", "serial", "port", "0");
        // the QEMU guest agent's port (libvirt picks the socket path): a guest running qemu-guest-agent
        // can then freeze its file systems for a backup; without one the port stays unused
        Element agent = Xml.add(devices, "channel", null, "type", "unix");
        Xml.add(agent, "target", null, "type", "virtio", "name", GuestAgent.CHANNEL);
        // with a password from the start (QEMU takes new ones only then), one nobody knows: the
        // console opens with a one-time password set for each ticket
        Xml.add(devices, "graphics", null, "type", "vnc", "port", "-1", "autoport", "yes", "listen",
                spec.properties().getOrDefault(CONSOLE_LISTEN, "127.0.0.1"), "passwd", ConsolePasswords.next());
        return Xml.write(doc);
    }

    /**
     * One {@code <interface>}. The port reference says where it plugs in: {@code network:<name>} a
     * libvirt network, {@code ovs:<bridge>} a port of an Open vSwitch bridge (an access port with
     * the NIC's VLAN as its tag, when it has one; libvirt runs {@code ovs-vsctl} for it and records
     * the MAC as the port's {@code external_ids:attached-mac}), anything else ({@code bridge:<name>},
     * a bare name) a Linux bridge.
     */
    private static void nic(Element devices, NicSpec nic) {
        String port = nic.portRef() == null ? "network:default" : nic.portRef();
        boolean network = port.startsWith("network:");
        boolean ovs = port.startsWith(OVS_PORT_PREFIX);
        String source = port.substring(port.indexOf(':') + 1);
        if (ovs && source.isBlank()) {
            throw new DriverException(ErrorCode.INVALID, "port reference " + port + " names no Open vSwitch bridge");
        }
        if (ovs && (nic.vlan() < 0 || nic.vlan() > 4094)) {
            throw new DriverException(ErrorCode.INVALID, "VLAN " + nic.vlan() + " is not a VLAN id (1-4094, 0 for none)");
        }
        String model = nic.model() == null ? "virtio" : nic.model();
        Element i = Xml.add(devices, "interface", null, "type", network ? "network" : "bridge");
        if (nic.mac() != null) {
            Xml.add(i, "mac", null, "address", nic.mac());
        }
        Xml.add(i, "source", null, network ? "network" : "bridge", source);
        if (ovs) {
            Xml.add(i, "virtualport", null, "type", "openvswitch");
            if (nic.vlan() > 0) {
                Xml.add(Xml.add(i, "vlan", null), "tag", null, "id", String.valueOf(nic.vlan()));
            }
        }
        Xml.add(i, "model", null, "type", model);
        if (ovs && "virtio".equals(model)) {
            // Open vSwitch's user-space (netdev) datapath forwards what the tap gives it as it is:
            // with checksum offload the guest's TCP and UDP leave with partial checksums, which
            // every receiver drops (ping works, TCP does not). Without it the guest computes them.
            Xml.add(Xml.add(i, "driver", null), "host", null, "csum", "off");
        }
    }

    /**
     * The domain's persistent XML (as {@code getXMLDesc} with the inactive flag gives it) with new
     * vCPUs and memory; everything else is kept.
     */
    static String resized(String xml, int cpus, long memoryMiB, boolean running) {
        Document doc = Xml.parse(xml);
        Element root = doc.getDocumentElement();
        for (String name : new String[] {"memory", "currentMemory"}) {
            Element element = Xml.child(root, name);
            if (element == null && "memory".equals(name)) {
                element = Xml.add(root, name, null);
            }
            // a running domain keeps its maximum; only what it currently has changes
            if (element != null && !(running && "memory".equals(name))) {
                element.setAttribute("unit", "MiB");
                element.setTextContent(String.valueOf(memoryMiB));
            }
        }
        Element vcpu = Xml.child(root, "vcpu");
        if (vcpu == null) {
            vcpu = Xml.add(root, "vcpu", null);
        }
        if (running) {
            vcpu.setAttribute("current", String.valueOf(cpus));
        } else {
            vcpu.removeAttribute("current");
            vcpu.setTextContent(String.valueOf(cpus));
        }
        return Xml.write(doc);
    }

    /** The XML of one virtio disk device for {@code target} (e.g. {@code vdb}). */
    static String disk(DiskSpec disk, String target) {
        Document doc = Xml.newDocument();
        Element d = diskElement(doc, disk, "disk");
        Xml.add(d, "target", null, "dev", target, "bus", "virtio");
        if (disk.readOnly()) {
            Xml.add(d, "readonly", null);
        }
        return Xml.write(doc);
    }

    /**
     * A {@code <disk>} with its driver and source (no target): a file, or for an {@code nfs://} volume
     * path a network disk read by QEMU's own NFS client, with {@code error_policy='stop'} so that QEMU
     * pauses the guest when the storage fails instead of handing it I/O errors.
     */
    static Element diskElement(org.w3c.dom.Node parent, DiskSpec disk, String device) {
        NfsPath nfs = NfsPath.parse(disk.volumePath());
        Element d = Xml.add(parent, "disk", null, "type", nfs == null ? "file" : "network", "device", device);
        Element driver = Xml.add(d, "driver", null, "name", "qemu", "type",
                disk.format() == null ? "qcow2" : disk.format());
        if (nfs == null) {
            Xml.add(d, "source", null, "file", disk.volumePath());
        } else {
            driver.setAttribute("error_policy", "stop");
            Element source = Xml.add(d, "source", null, "protocol", "nfs", "name", nfs.path());
            Xml.add(source, "host", null, "name", nfs.server());
        }
        return d;
    }

    /** The {@code <disk>} XML (driver and source only) that a block copy writes to: the new volume. */
    static String copyDestination(DiskSpec disk) {
        Document doc = Xml.newDocument();
        diskElement(doc, disk, "disk");
        return Xml.write(doc);
    }

    /** Whether a {@code <disk>} element's source is the volume at {@code path} (a file path or an nfs:// URL). */
    static boolean hasSource(Element disk, String path) {
        Element source = Xml.child(disk, "source");
        if (source == null || path == null) {
            return false;
        }
        if (path.equals(source.getAttribute("file"))) {
            return true;
        }
        NfsPath nfs = NfsPath.parse(path);
        if (nfs == null || !"network".equals(disk.getAttribute("type"))
                || !"nfs".equals(source.getAttribute("protocol")) || !nfs.path().equals(source.getAttribute("name"))) {
            return false;
        }
        Element host = Xml.child(source, "host");
        return host != null && nfs.server().equalsIgnoreCase(host.getAttribute("name"));
    }

    /** The volume path of a {@code <disk>} as OVM names it: the file, or {@code nfs://server/path}. */
    static String sourcePath(Element disk) {
        Element source = Xml.child(disk, "source");
        if (source == null) {
            return "";
        }
        if (!source.getAttribute("file").isEmpty()) {
            return source.getAttribute("file");
        }
        Element host = Xml.child(source, "host");
        if ("nfs".equals(source.getAttribute("protocol")) && host != null) {
            return NfsPath.url(host.getAttribute("name"), source.getAttribute("name"));
        }
        return source.getAttribute("name");
    }

    /** The target device ({@code vda}) of the disk whose source is {@code path}, or null. */
    static String diskTarget(String xml, String path) {
        Element devices = Xml.child(Xml.parse(xml).getDocumentElement(), "devices");
        if (devices == null) {
            return null;
        }
        for (Element disk : Xml.children(devices, "disk")) {
            Element target = Xml.child(disk, "target");
            if (target != null && hasSource(disk, path)) {
                return target.getAttribute("dev");
            }
        }
        return null;
    }

    /**
     * The persistent XML with the disk on {@code target} switched to {@code to} (after a block copy,
     * when libvirt did not update the definition itself); everything else is kept.
     */
    static String withDiskSource(String xml, String target, DiskSpec to) {
        Document doc = Xml.parse(xml);
        Element devices = Xml.child(doc.getDocumentElement(), "devices");
        for (Element disk : Xml.children(devices, "disk")) {
            Element t = Xml.child(disk, "target");
            if (t != null && target.equals(t.getAttribute("dev"))) {
                Element fresh = diskElement(doc.createDocumentFragment(), to, disk.getAttribute("device"));
                for (String keep : new String[] {"target", "readonly", "address", "boot", "serial"}) {
                    for (Element e : Xml.children(disk, keep)) {
                        fresh.appendChild(e.cloneNode(true));
                    }
                }
                devices.replaceChild(fresh, disk);
                return Xml.write(doc);
            }
        }
        throw new DriverException(ErrorCode.NOT_FOUND, "the domain has no disk " + target);
    }

    /** The first free virtio target name ({@code vda}, {@code vdb}, ...) in a domain's XML. */
    static String nextTarget(String xml) {
        Element devices = Xml.child(Xml.parse(xml).getDocumentElement(), "devices");
        Set<String> used = new HashSet<>();
        if (devices != null) {
            for (Element disk : Xml.children(devices, "disk")) {
                Element target = Xml.child(disk, "target");
                if (target != null) {
                    used.add(target.getAttribute("dev"));
                }
            }
        }
        for (char c = 'a'; c <= 'z'; c++) {
            if (!used.contains("vd" + c)) {
                return "vd" + c;
            }
        }
        throw new DriverException(ErrorCode.INSUFFICIENT_CAPACITY,
                "no free virtio disk slot");
    }

    /** The XML of the disk device whose source is {@code path}, or null. */
    static String diskDevice(String xml, String path) {
        Document doc = Xml.parse(xml);
        Element devices = Xml.child(doc.getDocumentElement(), "devices");
        if (devices == null) {
            return null;
        }
        for (Element disk : Xml.children(devices, "disk")) {
            if (hasSource(disk, path)) {
                Document single = Xml.newDocument();
                single.appendChild(single.importNode(disk, true));
                return Xml.write(single);
            }
        }
        return null;
    }

    /** The domain's current memory setting in MiB ({@code currentMemory}, else {@code memory}). */
    static OptionalLong currentMemoryMiB(String xml) {
        Element root = Xml.parse(xml).getDocumentElement();
        Element memory = Xml.child(root, "currentMemory");
        if (memory == null) {
            memory = Xml.child(root, "memory");
        }
        if (memory == null) {
            return OptionalLong.empty();
        }
        long value = Long.parseLong(memory.getTextContent().trim());
        String unit = memory.getAttribute("unit");
        long kib = switch (unit.isEmpty() ? "KiB" : unit) {
            case "b", "bytes" -> value / 1024;
            case "MiB", "M" -> value * 1024;
            case "GiB", "G" -> value * 1024 * 1024;
            default -> value;
        };
        return OptionalLong.of(kib / 1024);
    }

    /**
     * The domain's VNC password and its deadline ({@code passwdValidTo}, "" when it has none) from
     * its secure XML, or null when its console has no password (QEMU then takes none later).
     */
    static String[] currentVncPassword(String secureXml) {
        Element devices = Xml.child(Xml.parse(secureXml).getDocumentElement(), "devices");
        return Xml.children(devices, "graphics").stream()
                .filter(g -> "vnc".equals(g.getAttribute("type")) && g.hasAttribute("passwd"))
                .map(g -> new String[] {g.getAttribute("passwd"), g.getAttribute("passwdValidTo")})
                .findFirst().orElse(null);
    }

    /**
     * The domain's VNC {@code <graphics>} element with a new password valid until the deadline
     * (UTC, {@code yyyy-MM-ddTHH:mm:ss}): the device XML for a live update.
     */
    static String vncPassword(String xml, String password, String validTo) {
        Document doc = Xml.parse(xml);
        Element devices = Xml.child(doc.getDocumentElement(), "devices");
        for (Element graphics : Xml.children(devices, "graphics")) {
            if ("vnc".equals(graphics.getAttribute("type"))) {
                Document update = Xml.newDocument();
                Element copy = (Element) update.importNode(graphics, true);
                copy.setAttribute("passwd", password);
                copy.setAttribute("passwdValidTo", validTo);
                update.appendChild(copy);
                return Xml.write(update);
            }
        }
        throw new DriverException(ErrorCode.CONFLICT, "the domain has no VNC console");
    }

    /** Facts reported for a domain: its disks, NICs and console. */
    static Map<String, String> details(String xml) {
        Element root = Xml.parse(xml).getDocumentElement();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("domainType", root.getAttribute("type"));
        Element devices = Xml.child(root, "devices");
        if (devices == null) {
            return details;
        }
        List<String> disks = new ArrayList<>();
        List<String> diskTargets = new ArrayList<>();
        for (Element disk : Xml.children(devices, "disk")) {
            Element target = Xml.child(disk, "target");
            String path = sourcePath(disk);
            disks.add((target == null ? "?" : target.getAttribute("dev")) + "=" + path);
            if (target != null && "disk".equals(disk.getAttribute("device"))) {
                diskTargets.add(target.getAttribute("dev"));
            }
        }
        details.put("disks", String.join(",", disks));
        details.put("diskTargets", String.join(",", diskTargets));
        List<String> nics = new ArrayList<>();
        List<String> nicTargets = new ArrayList<>();
        for (Element nic : Xml.children(devices, "interface")) {
            Element mac = Xml.child(nic, "mac");
            nics.add(mac == null ? "?" : mac.getAttribute("address"));
            Element target = Xml.child(nic, "target");
            if (target != null && !target.getAttribute("dev").isEmpty()) {
                nicTargets.add(target.getAttribute("dev"));
            }
        }
        details.put("nics", String.join(",", nics));
        details.put("nicTargets", String.join(",", nicTargets));
        Element serial = Xml.child(devices, "serial");
        Element log = serial == null ? null : Xml.child(serial, "log");
        if (log != null) {
            details.put("serialLog", log.getAttribute("file"));
        }
        Element graphics = Xml.child(devices, "graphics");
        if (graphics != null && "vnc".equals(graphics.getAttribute("type"))) {
            details.put("vncPort", graphics.getAttribute("port"));
            details.put("vncListen", graphics.getAttribute("listen"));
        }
        return details;
    }

    /** Whether a domain has a serial port or a console device (what {@code virDomainOpenConsole} attaches to). */
    static boolean hasSerialPort(String xml) {
        Element devices = Xml.child(Xml.parse(xml).getDocumentElement(), "devices");
        return devices != null && (Xml.child(devices, "serial") != null || Xml.child(devices, "console") != null);
    }
}
