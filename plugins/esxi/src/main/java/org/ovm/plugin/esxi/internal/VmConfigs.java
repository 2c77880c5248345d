package org.ovm.plugin.esxi.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.NicSpec;
import org.ovm.spi.hypervisor.VmSpec;

import com.vmware.vim25.Description;
import com.vmware.vim25.VirtualCdrom;
import com.vmware.vim25.VirtualCdromIsoBackingInfo;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualDeviceConfigSpecOperation;
import com.vmware.vim25.VirtualDeviceConnectInfo;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualDiskFlatVer2BackingInfo;
import com.vmware.vim25.VirtualE1000;
import com.vmware.vim25.VirtualE1000e;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.VirtualLsiLogicSASController;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.VirtualMachineFileInfo;
import com.vmware.vim25.VirtualSCSISharing;
import com.vmware.vim25.VirtualVmxnet3;

/**
 * Builds the vSphere configuration of a VM to create from a {@link VmSpec}: an LSI Logic SAS
 * controller with the disks (volumes a storage driver made on a datastore), a CD-ROM on the
 * first IDE controller for an ISO, NICs on port groups with the MACs the kernel allocated.
 */
final class VmConfigs {

    /** VmSpec property: the vSphere guest OS id ({@code ubuntu64Guest}, ...); templates may set it. */
    static final String GUEST_ID = "guestId";
    static final String DEFAULT_GUEST_ID = "otherGuest64";
    private static final Pattern DATASTORE_PATH = Pattern.compile("\\[([^\\]]+)\\]\\s*(.*)");
    private static final Pattern GUEST_ID_VALUE = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int SCSI_KEY = -100;
    /** Created VMs have their IDE controllers at keys 200 and 201. */
    private static final int IDE_KEY = 200;
    private static final int SCSI_RESERVED_UNIT = 7;

    private VmConfigs() {
    }

    static VirtualMachineConfigSpec create(VmSpec spec, String defaultDatastore) {
        VirtualMachineConfigSpec config = new VirtualMachineConfigSpec();
        config.setName(spec.name());
        config.setNumCPUs(spec.cpus());
        config.setMemoryMB(spec.memoryMiB());
        config.setGuestId(guestId(spec));
        String instanceId = spec.properties().get("ovm.instance.id");
        config.setAnnotation("Managed by OVM" + (instanceId == null ? "" : " (instance " + instanceId + ")"));
        VirtualMachineFileInfo files = new VirtualMachineFileInfo();
        files.setVmPathName("[" + datastoreOf(spec, defaultDatastore) + "]");
        config.setFiles(files);
        List<VirtualDeviceConfigSpec> devices = new ArrayList<>();
        List<DiskSpec> disks = spec.disks().stream().filter(d -> !"cdrom".equals(d.device())).toList();
        if (!disks.isEmpty()) {
            VirtualLsiLogicSASController scsi = new VirtualLsiLogicSASController();
            scsi.setKey(SCSI_KEY);
            scsi.setBusNumber(0);
            scsi.setSharedBus(VirtualSCSISharing.noSharing);
            devices.add(add(scsi));
        }
        int unit = 0;
        for (DiskSpec disk : disks) {
            if (!"vmdk".equals(disk.format())) {
                throw new DriverException(ErrorCode.INVALID, "ESXi attaches vmdk disks only, not " + disk.format()
                        + " (" + disk.volumePath() + "): put the disk on a datastore or nfs pool");
            }
            if (unit == SCSI_RESERVED_UNIT) {
                unit++;
            }
            devices.add(add(disk(disk, unit++)));
        }
        int ideUnit = 0;
        for (DiskSpec cd : spec.disks().stream().filter(d -> "cdrom".equals(d.device())).toList()) {
            devices.add(add(cdrom(cd, ideUnit++)));
        }
        for (int i = 0; i < spec.nics().size(); i++) {
            devices.add(add(nic(spec.nics().get(i), i)));
        }
        config.setDeviceChange(devices.toArray(VirtualDeviceConfigSpec[]::new));
        return config;
    }

    /** The datastore of the first disk, else the host's. */
    private static String datastoreOf(VmSpec spec, String defaultDatastore) {
        return spec.disks().stream().filter(d -> !"cdrom".equals(d.device())).findFirst()
                .map(d -> datastore(d.volumePath())).orElse(defaultDatastore);
    }

    static String guestId(VmSpec spec) {
        String id = spec.properties().getOrDefault(GUEST_ID, DEFAULT_GUEST_ID);
        if (!GUEST_ID_VALUE.matcher(id).matches()) {
            throw new DriverException(ErrorCode.INVALID, "guestId " + id + " is not a vSphere guest OS id such as "
                    + "ubuntu64Guest or windows2019srv_64Guest");
        }
        return id;
    }

    /** The datastore name of {@code [name] path}. */
    static String datastore(String datastorePath) {
        Matcher m = DATASTORE_PATH.matcher(datastorePath == null ? "" : datastorePath);
        if (!m.matches()) {
            throw new DriverException(ErrorCode.INVALID, "not a datastore path ([datastore] folder/file.vmdk): "
                    + datastorePath);
        }
        return m.group(1);
    }

    private static VirtualDeviceConfigSpec add(VirtualDevice device) {
        VirtualDeviceConfigSpec change = new VirtualDeviceConfigSpec();
        change.setOperation(VirtualDeviceConfigSpecOperation.add);
        change.setDevice(device);
        return change;
    }

    private static VirtualDisk disk(DiskSpec spec, int unit) {
        datastore(spec.volumePath());
        VirtualDiskFlatVer2BackingInfo backing = new VirtualDiskFlatVer2BackingInfo();
        backing.setFileName(spec.volumePath());
        backing.setDiskMode(spec.readOnly() ? "independent_nonpersistent" : "persistent");
        VirtualDisk disk = new VirtualDisk();
        disk.setKey(-(200 + unit));
        disk.setControllerKey(SCSI_KEY);
        disk.setUnitNumber(unit);
        disk.setBacking(backing);
        return disk;
    }

    private static VirtualCdrom cdrom(DiskSpec spec, int unit) {
        VirtualCdromIsoBackingInfo backing = new VirtualCdromIsoBackingInfo();
        backing.setFileName(spec.volumePath());
        VirtualCdrom cdrom = new VirtualCdrom();
        cdrom.setKey(-(300 + unit));
        cdrom.setControllerKey(IDE_KEY);
        cdrom.setUnitNumber(unit);
        cdrom.setBacking(backing);
        cdrom.setConnectable(connected());
        return cdrom;
    }

    private static VirtualEthernetCard nic(NicSpec spec, int index) {
        String model = spec.model() == null ? "vmxnet3" : spec.model().toLowerCase(Locale.ROOT);
        VirtualEthernetCard card = switch (model) {
            case "vmxnet3", "virtio" -> new VirtualVmxnet3();
            case "e1000" -> new VirtualE1000();
            case "e1000e" -> new VirtualE1000e();
            default -> throw new DriverException(ErrorCode.INVALID, "ESXi NIC models are vmxnet3, e1000 and e1000e, not "
                    + spec.model());
        };
        VirtualEthernetCardNetworkBackingInfo backing = new VirtualEthernetCardNetworkBackingInfo();
        backing.setDeviceName(spec.portRef());
        card.setBacking(backing);
        card.setKey(-(400 + index));
        Description info = new Description();
        info.setLabel("OVM NIC");
        info.setSummary(spec.portRef());
        card.setDeviceInfo(info);
        card.setAddressType("manual");
        card.setMacAddress(spec.mac());
        card.setConnectable(connected());
        return card;
    }

    private static VirtualDeviceConnectInfo connected() {
        VirtualDeviceConnectInfo connect = new VirtualDeviceConnectInfo();
        connect.setStartConnected(true);
        connect.setAllowGuestControl(true);
        connect.setConnected(true);
        return connect;
    }
}
