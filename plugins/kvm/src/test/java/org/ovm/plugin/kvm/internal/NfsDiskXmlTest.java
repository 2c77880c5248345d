package org.ovm.plugin.kvm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.PauseSupport;
import org.ovm.spi.hypervisor.VmSpec;
import org.w3c.dom.Element;

/** nfs:// volume paths become libvirt network disks; file paths stay file disks. */
class NfsDiskXmlTest {

    private static final String NFS = "nfs://10.0.0.5/srv/ovm/v1.qcow2";

    @Test
    void anNfsVolumeIsANetworkDiskThatPausesOnErrors() {
        String xml = DomainXml.build(new VmSpec("web1", 1, 128, List.of(new DiskSpec(NFS, "qcow2", null, false),
                new DiskSpec("/pool/data.raw", "raw", null, false)), List.of(), Map.of()), "qemu", "x86_64");
        List<Element> disks = Xml.children(Xml.child(Xml.parse(xml).getDocumentElement(), "devices"), "disk");
        Element nfs = disks.get(0);
        assertThat(nfs.getAttribute("type")).isEqualTo("network");
        Element source = Xml.child(nfs, "source");
        assertThat(source.getAttribute("protocol")).isEqualTo("nfs");
        assertThat(source.getAttribute("name")).isEqualTo("/srv/ovm/v1.qcow2");
        assertThat(Xml.child(source, "host").getAttribute("name")).isEqualTo("10.0.0.5");
        assertThat(Xml.child(source, "identity")).as("QEMU's own user opens files created for it").isNull();
        assertThat(Xml.child(nfs, "driver").getAttribute("error_policy")).isEqualTo("stop");
        assertThat(Xml.child(nfs, "driver").getAttribute("type")).isEqualTo("qcow2");
        assertThat(Xml.child(nfs, "target").getAttribute("dev")).isEqualTo("vda");
        Element file = disks.get(1);
        assertThat(file.getAttribute("type")).isEqualTo("file");
        assertThat(Xml.child(file, "source").getAttribute("file")).isEqualTo("/pool/data.raw");
        assertThat(Xml.child(file, "driver").hasAttribute("error_policy")).isFalse();
        assertThat(DomainXml.details(xml)).containsEntry("disks", "vda=" + NFS + ",vdb=/pool/data.raw");
    }

    @Test
    void attachAndDetachFindNetworkDisksByServerAndPath() {
        String device = DomainXml.disk(new DiskSpec(NFS + "?uid=64055&gid=107", "qcow2", null, false), "vdb");
        assertThat(device).contains("protocol=\"nfs\"", "name=\"/srv/ovm/v1.qcow2\"", "error_policy=\"stop\"")
                .doesNotContain("uid=");
        String domain = "<domain><devices>" + device.strip()
                + "<disk type='file' device='disk'><source file='/pool/a.qcow2'/><target dev='vda'/></disk>"
                + "</devices></domain>";
        assertThat(DomainXml.diskDevice(domain, NFS)).contains("/srv/ovm/v1.qcow2");
        assertThat(DomainXml.diskTarget(domain, NFS)).isEqualTo("vdb");
        assertThat(DomainXml.diskTarget(domain, "/pool/a.qcow2")).isEqualTo("vda");
        assertThat(DomainXml.diskDevice(domain, "nfs://10.0.0.6/srv/ovm/v1.qcow2")).as("another server").isNull();
        assertThat(DomainXml.diskDevice(domain, "nfs://10.0.0.5/srv/ovm/v2.qcow2")).as("another file").isNull();
        assertThat(DomainXml.diskDevice(domain, "/srv/ovm/v1.qcow2")).as("a file path is no network disk").isNull();
        assertThat(DomainXml.nextTarget(domain)).isEqualTo("vdc");
    }

    @Test
    void aBlockCopyDestinationAndARedefinedDiskKeepTheirTarget() {
        assertThat(DomainXml.copyDestination(new DiskSpec(NFS, "qcow2", null, false)))
                .contains("<disk device=\"disk\" type=\"network\">", "name=\"/srv/ovm/v1.qcow2\"")
                .doesNotContain("target");
        String persistent = "<domain><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                + "<source file='/pool/a.qcow2'/><target dev='vda' bus='virtio'/><address type='pci' slot='0x02'/>"
                + "</disk></devices></domain>";
        String moved = DomainXml.withDiskSource(persistent, "vda", new DiskSpec(NFS, "qcow2", null, false));
        assertThat(DomainXml.diskTarget(moved, NFS)).isEqualTo("vda");
        assertThat(DomainXml.diskTarget(moved, "/pool/a.qcow2")).isNull();
        assertThat(moved).contains("slot=\"0x02\"", "bus=\"virtio\"");
        String back = DomainXml.withDiskSource(moved, "vda", new DiskSpec("/pool/b.qcow2", "qcow2", null, false));
        assertThat(DomainXml.diskTarget(back, "/pool/b.qcow2")).isEqualTo("vda");
        assertThat(back).doesNotContain("network");
        assertThatThrownBy(() -> DomainXml.withDiskSource(persistent, "vdz", new DiskSpec(NFS, "qcow2", null, false)))
                .isInstanceOf(DriverException.class);
    }

    @Test
    void nfsUrlsLibvirtCannotTakeAreRefusedWithTheReason() {
        assertThat(NfsPath.parse("/var/lib/x.qcow2")).isNull();
        assertThat(NfsPath.parse("nfs://[fd00::5]/e/v.qcow2")).isEqualTo(new NfsPath("fd00::5", "/e/v.qcow2"));
        assertThat(NfsPath.url("fd00::5", "/e/v.qcow2")).isEqualTo("nfs://[fd00::5]/e/v.qcow2");
        assertThatThrownBy(() -> NfsPath.parse("nfs://10.0.0.5:2049/e/v.qcow2"))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> NfsPath.parse("nfs:///e/v.qcow2")).hasMessageContaining("no NFS server");
        assertThatThrownBy(() -> NfsPath.parse("nfs://10.0.0.5/")).hasMessageContaining("names no file");
        assertThatThrownBy(() -> NfsPath.parse("nfs://u:secret@10.0.0.5/e/v.qcow2"))
                .hasMessageContaining("user information").hasMessageNotContaining("secret");
    }

    @Test
    void migrationStreamsGoToTheTargetsAddress() {
        assertThat(KvmMigration.migrationUri(host("qemu+tcp://127.0.0.1:16510/system", Map.of())))
                .isEqualTo("tcp://127.0.0.1");
        assertThat(KvmMigration.migrationUri(host("qemu+ssh://root@kvm2.example/system",
                Map.of(KvmMigration.MIGRATION_ADDRESS_SETTING, "10.1.0.2")))).isEqualTo("tcp://10.1.0.2");
        assertThat(KvmMigration.migrationUri(host("qemu:///system", Map.of()))).isNull();
        assertThat(KvmMigration.flags(true)).isEqualTo(1 | 8 | 16);
        assertThat(KvmMigration.flags(false)).isEqualTo(1024 | 8 | 16);
    }

    @Test
    void aGuestPausedByItsStorageSaysSo() {
        assertThat(DomainStates.pauseReason(3, 5)).isEqualTo(PauseSupport.IO_ERROR);
        assertThat(DomainStates.pauseReason(3, 1)).isEqualTo("user");
        assertThat(DomainStates.pauseReason(1, 5)).as("a running guest has no pause reason").isNull();
    }

    private static HostEndpoint host(String uri, Map<String, String> settings) {
        return new HostEndpoint("h", uri, null, null, settings);
    }
}
