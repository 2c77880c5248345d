package org.ovm.plugin.kvm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.hypervisor.DiskSpec;
import org.w3c.dom.Element;

/** The destination XML of a migration with storage: the copied disks name the new volumes, nothing else changes. */
class StorageMigrationXmlTest {

    /** A running domain's migratable XML, as libvirt 9 writes it (trimmed). */
    private static final String LIVE = """
            <domain type='qemu' id='7'>
              <name>web1</name>
              <uuid>4a7c8b5e-2a6d-4c55-9d59-0123456789ab</uuid>
              <memory unit='KiB'>131072</memory>
              <devices>
                <disk type='file' device='disk' snapshot='no'>
                  <driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap'/>
                  <source file='/h1/root.qcow2' index='2'/>
                  <backingStore type='file' index='3'>
                    <format type='qcow2'/>
                    <source file='/h1/base.qcow2'/>
                  </backingStore>
                  <target dev='vda' bus='virtio'/>
                  <boot order='1'/>
                  <serial>root-disk</serial>
                  <alias name='ua-root'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>
                </disk>
                <disk type='network' device='disk'>
                  <driver name='qemu' type='qcow2' error_policy='stop'/>
                  <source protocol='nfs' name='/srv/ovm/data.qcow2' index='1'>
                    <host name='10.0.0.5'/>
                  </source>
                  <target dev='vdb' bus='virtio'/>
                  <alias name='virtio-disk1'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <driver name='qemu' type='raw'/>
                  <source file='/iso/tools.iso'/>
                  <target dev='sda' bus='sata'/>
                  <readonly/>
                </disk>
              </devices>
            </domain>
            """;

    @Test
    void aLocalDiskMovesToAnNfsVolumeKeepingItsDeviceAndDroppingItsBackingChain() {
        String xml = KvmStorageMigration.destinationXml(LIVE,
                Map.of("/h1/root.qcow2", new DiskSpec("nfs://10.0.0.9/export/new-root.qcow2", "qcow2", null, false)),
                true);
        Element disk = disks(xml).get(0);
        assertThat(disk.getAttribute("type")).isEqualTo("network");
        assertThat(disk.getAttribute("device")).isEqualTo("disk");
        assertThat(disk.getAttribute("snapshot")).isEqualTo("no");
        Element source = Xml.child(disk, "source");
        assertThat(source.getAttribute("protocol")).isEqualTo("nfs");
        assertThat(source.getAttribute("name")).isEqualTo("/export/new-root.qcow2");
        assertThat(Xml.child(source, "host").getAttribute("name")).isEqualTo("10.0.0.9");
        Element driver = Xml.child(disk, "driver");
        assertThat(driver.getAttribute("type")).isEqualTo("qcow2");
        assertThat(driver.getAttribute("error_policy")).isEqualTo("stop");
        assertThat(driver.getAttribute("cache")).isEqualTo("none");
        assertThat(driver.getAttribute("io")).isEqualTo("native");
        assertThat(driver.getAttribute("discard")).isEqualTo("unmap");
        assertThat(Xml.child(disk, "backingStore")).as("the copy is self-contained").isNull();
        assertThat(Xml.child(disk, "target").getAttribute("dev")).isEqualTo("vda");
        assertThat(Xml.child(disk, "boot").getAttribute("order")).isEqualTo("1");
        assertThat(Xml.child(disk, "serial").getTextContent()).isEqualTo("root-disk");
        assertThat(Xml.child(disk, "alias").getAttribute("name")).isEqualTo("ua-root");
        assertThat(Xml.child(disk, "address").getAttribute("slot")).isEqualTo("0x04");
        // the other disks are untouched
        assertThat(DomainXml.sourcePath(disks(xml).get(1))).isEqualTo("nfs://10.0.0.5/srv/ovm/data.qcow2");
        assertThat(DomainXml.sourcePath(disks(xml).get(2))).isEqualTo("/iso/tools.iso");
    }

    @Test
    void anNfsDiskMovesToALocalRawFile() {
        String xml = KvmStorageMigration.destinationXml(LIVE,
                Map.of("nfs://10.0.0.5/srv/ovm/data.qcow2", new DiskSpec("/h2/data.raw", "raw", null, false)), true);
        Element disk = disks(xml).get(1);
        assertThat(disk.getAttribute("type")).isEqualTo("file");
        assertThat(Xml.child(disk, "source").getAttribute("file")).isEqualTo("/h2/data.raw");
        assertThat(Xml.child(disk, "driver").getAttribute("type")).isEqualTo("raw");
        assertThat(Xml.child(disk, "driver").hasAttribute("error_policy")).isFalse();
        assertThat(Xml.child(disk, "target").getAttribute("dev")).isEqualTo("vdb");
        assertThat(Xml.child(disk, "alias").getAttribute("name")).isEqualTo("virtio-disk1");
        assertThat(KvmStorageMigration.targets(LIVE, Map.of("nfs://10.0.0.5/srv/ovm/data.qcow2",
                new DiskSpec("/h2/data.raw", "raw", null, false), "/h1/root.qcow2",
                new DiskSpec("/h2/root.qcow2", "qcow2", null, false)))).containsExactlyInAnyOrder("vda", "vdb");
    }

    @Test
    void aDiskTheDomainLacksIsNotFoundUnlessOptional() {
        Map<String, DiskSpec> missing = Map.of("/h1/other.qcow2", new DiskSpec("/h2/o.qcow2", "qcow2", null, false));
        assertThatThrownBy(() -> KvmStorageMigration.destinationXml(LIVE, missing, true))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("/h1/other.qcow2");
        assertThatThrownBy(() -> KvmStorageMigration.targets(LIVE, missing)).isInstanceOf(DriverException.class);
        assertThat(KvmStorageMigration.destinationXml(LIVE, missing, false)).as("unchanged, as it was").isSameAs(LIVE);
    }

    @Test
    void flagsAreLivePersistentUndefineSourceAndNonSharedDiskWhenDisksAreCopied() {
        assertThat(KvmStorageMigration.flags(true)).isEqualTo(1 | 8 | 16 | 64);
        assertThat(KvmStorageMigration.flags(false)).isEqualTo(1 | 8 | 16);
    }

    private static List<Element> disks(String xml) {
        return Xml.children(Xml.child(Xml.parse(xml).getDocumentElement(), "devices"), "disk");
    }
}
