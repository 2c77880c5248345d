package org.ovm.plugin.esxi.internal;

import java.util.ArrayList;
import java.util.List;

import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualDeviceConfigSpecOperation;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.mo.VirtualMachine;

/** VM disk changes that keep the disk files (they are volumes of a storage pool). */
final class EsxiDisks {

    private EsxiDisks() {
    }

    /** A reconfiguration removing every disk of the VM but not its file, or null when it has none. */
    static VirtualMachineConfigSpec detachAll(VirtualMachine vm) {
        VirtualDevice[] devices = vm.getConfig() == null ? null : vm.getConfig().getHardware().getDevice();
        List<VirtualDeviceConfigSpec> changes = new ArrayList<>();
        for (VirtualDevice d : devices == null ? new VirtualDevice[0] : devices) {
            if (d instanceof VirtualDisk) {
                VirtualDeviceConfigSpec change = new VirtualDeviceConfigSpec();
                change.setOperation(VirtualDeviceConfigSpecOperation.remove);
                change.setDevice(d); // no file operation: the vmdk stays on the datastore
                changes.add(change);
            }
        }
        if (changes.isEmpty()) {
            return null;
        }
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        spec.setDeviceChange(changes.toArray(VirtualDeviceConfigSpec[]::new));
        return spec;
    }
}
