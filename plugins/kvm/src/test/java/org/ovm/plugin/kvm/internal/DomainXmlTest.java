package org.ovm.plugin.kvm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.NicSpec;
import org.ovm.spi.hypervisor.VmSpec;
import org.w3c.dom.Element;

class DomainXmlTest {

    @Test
    void buildsADomainThatReadsBack() {
        VmSpec spec = new VmSpec("web1", 2, 512,
                List.of(new DiskSpec("/pool/web1.qcow2", "qcow2", null, false),
                        DiskSpec.cdrom("/iso/debian.iso")),
                List.of(new NicSpec("52:54:00:12:34:56", "bridge:br0", 0, null)),
                Map.of("ovm.instance.id", "i-1", "kernel", "/boot/vmlinuz", "cmdline", "console=ttyS0",
                        "serialLog", "/var/log/ovm/web1.log"));
        String xml = DomainXml.build(spec, "qemu", "x86_64");
        assertThat(xml).contains("<domain type=\"qemu\">", "<name>web1</name>", "<memory unit=\"MiB\">512</memory>",
                "<vcpu>2</vcpu>", "<kernel>/boot/vmlinuz</kernel>", "<cmdline>console=ttyS0</cmdline>",
                "<tb-cache unit=\"MiB\">32</tb-cache>", "file=\"/var/log/ovm/web1.log\"", "i-1");
        assertThat(xml).contains("device=\"cdrom\"", "<readonly/>", "dev=\"vda\"", "bus=\"virtio\"");
        Map<String, String> details = DomainXml.details(xml);
        assertThat(details).containsEntry("domainType", "qemu")
                .containsEntry("disks", "vda=/pool/web1.qcow2,sda=/iso/debian.iso")
                .containsEntry("nics", "52:54:00:12:34:56");
        assertThat(DomainXml.hasSerialPort(xml)).as("the serial console attaches to the port OVM defines").isTrue();
    }

    @Test
    void everyDomainHasTheGuestAgentChannelWithASocketLibvirtPicks() {
        String xml = DomainXml.build(new VmSpec("a", 1, 128, List.of(), List.of(), Map.of()), "qemu", "x86_64");
        List<Element> channels = Xml.children(Xml.child(Xml.parse(xml).getDocumentElement(), "devices"), "channel");
        assertThat(channels).singleElement().satisfies(channel -> {
            assertThat(channel.getAttribute("type")).isEqualTo("unix");
            assertThat(Xml.child(channel, "source")).as("no path: libvirt picks one per domain").isNull();
            Element target = Xml.child(channel, "target");
            assertThat(target.getAttribute("type")).isEqualTo("virtio");
            assertThat(target.getAttribute("name")).isEqualTo("org.qemu.guest_agent.0");
        });
        assertThat(GuestAgent.hasChannel(xml)).isTrue();
    }

    @Test
    void aNicOnAnOpenVSwitchBridgeIsAnAccessPortOfItsVlan() {
        String xml = DomainXml.build(new VmSpec("a", 1, 128, List.of(),
                List.of(new NicSpec("52:54:00:15:00:01", "ovs:ovm-br0", 100, null)), Map.of()), "qemu", "x86_64");
        Element nic = onlyInterface(xml);
        assertThat(nic.getAttribute("type")).isEqualTo("bridge");
        assertThat(Xml.child(nic, "mac").getAttribute("address")).isEqualTo("52:54:00:15:00:01");
        assertThat(Xml.child(nic, "source").getAttribute("bridge")).isEqualTo("ovm-br0");
        assertThat(Xml.child(nic, "virtualport").getAttribute("type")).isEqualTo("openvswitch");
        assertThat(Xml.children(Xml.child(nic, "vlan"), "tag")).singleElement()
                .satisfies(tag -> assertThat(tag.getAttribute("id")).isEqualTo("100"));
        assertThat(Xml.child(nic, "model").getAttribute("type")).isEqualTo("virtio");
        assertThat(Xml.child(Xml.child(nic, "driver"), "host").getAttribute("csum"))
                .as("the user-space datapath needs full checksums from the guest").isEqualTo("off");
        assertThat(DomainXml.details(xml)).containsEntry("nics", "52:54:00:15:00:01");

        String untagged = DomainXml.build(new VmSpec("a", 1, 128, List.of(),
                List.of(new NicSpec("52:54:00:15:00:02", "ovs:br-int", 0, "e1000")), Map.of()), "qemu", "x86_64");
        Element plain = onlyInterface(untagged);
        assertThat(Xml.child(plain, "source").getAttribute("bridge")).isEqualTo("br-int");
        assertThat(Xml.child(plain, "virtualport")).isNotNull();
        assertThat(Xml.child(plain, "vlan")).as("VLAN 0: untagged").isNull();
        assertThat(Xml.child(plain, "model").getAttribute("type")).isEqualTo("e1000");
        assertThat(Xml.child(plain, "driver")).as("host checksum settings are virtio's").isNull();
    }

    @Test
    void otherPortReferencesKeepTheirFormAndIgnoreTheVlan() {
        Element bridge = onlyInterface(DomainXml.build(new VmSpec("a", 1, 128, List.of(),
                List.of(new NicSpec("52:54:00:00:00:01", "bridge:br0", 100, null)), Map.of()), "qemu", "x86_64"));
        assertThat(bridge.getAttribute("type")).isEqualTo("bridge");
        assertThat(Xml.child(bridge, "source").getAttribute("bridge")).isEqualTo("br0");
        assertThat(Xml.child(bridge, "virtualport")).isNull();
        assertThat(Xml.child(bridge, "vlan")).isNull();
        assertThat(Xml.child(bridge, "driver")).isNull();
        Element network = onlyInterface(DomainXml.build(new VmSpec("a", 1, 128, List.of(),
                List.of(new NicSpec(null, null, 0, null)), Map.of()), "qemu", "x86_64"));
        assertThat(network.getAttribute("type")).isEqualTo("network");
        assertThat(Xml.child(network, "source").getAttribute("network")).isEqualTo("default");
        assertThat(Xml.child(network, "virtualport")).isNull();
    }

    @Test
    void anOpenVSwitchPortNeedsABridgeAndAVlanId() {
        assertThatThrownBy(() -> DomainXml.build(new VmSpec("a", 1, 128, List.of(),
                List.of(new NicSpec(null, "ovs:", 100, null)), Map.of()), "qemu", "x86_64"))
                .isInstanceOf(DriverException.class).hasMessageContaining("names no Open vSwitch bridge");
        assertThatThrownBy(() -> DomainXml.build(new VmSpec("a", 1, 128, List.of(),
                List.of(new NicSpec(null, "ovs:ovm-br0", 4095, null)), Map.of()), "qemu", "x86_64"))
                .isInstanceOf(DriverException.class).hasMessageContaining("4095 is not a VLAN id");
    }

    private static Element onlyInterface(String xml) {
        List<Element> nics = Xml.children(Xml.child(Xml.parse(xml).getDocumentElement(), "devices"), "interface");
        assertThat(nics).hasSize(1);
        return nics.get(0);
    }

    @Test
    void aDomainWithoutSerialPortOrConsoleHasNoSerialConsole() {
        assertThat(DomainXml.hasSerialPort("<domain type='qemu'><name>x</name><devices><disk/></devices></domain>"))
                .isFalse();
        assertThat(DomainXml.hasSerialPort("<domain><devices><console type='pty'/></devices></domain>")).isTrue();
        assertThat(DomainXml.hasSerialPort("<domain><name>x</name></domain>")).isFalse();
    }

    @Test
    void consolesListenWhereTheHostSaysWithAPasswordNobodyKnowsThenAOneTimeOne() {
        String xml = DomainXml.build(new VmSpec("a", 1, 128, List.of(), List.of(), Map.of()), "qemu", "x86_64");
        assertThat(xml).contains("listen=\"127.0.0.1\"").containsPattern("passwd=\"[A-Za-z0-9]{8}\"");
        String remote = DomainXml.build(new VmSpec("a", 1, 128, List.of(), List.of(),
                Map.of(DomainXml.CONSOLE_LISTEN, "0.0.0.0")), "qemu", "x86_64");
        assertThat(remote).contains("listen=\"0.0.0.0\"");
        assertThat(DomainXml.currentVncPassword(xml)).as("a password and no deadline").hasSize(2)
                .satisfies(p -> assertThat(p[1]).isEmpty());
        assertThat(ConsolePasswords.reusable(DomainXml.currentVncPassword(xml)[0], "", Instant.now()))
                .as("a define-time password was told to nobody").isNull();
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        assertThat(ConsolePasswords.deadline(now)).isEqualTo("2026-11-22T10:02:00");
        assertThat(ConsolePasswords.reusable("pw", "2026-11-22T10:01:01", now)).isEqualTo("pw");
        assertThat(ConsolePasswords.reusable("pw", "2026-11-22T10:00:59", now)).as("less than a minute left").isNull();
        String update = DomainXml.vncPassword(xml.replaceAll(" passwd=\"[^\"]*\"", ""), "Secret12",
                "2026-11-22T10:00:00");
        assertThat(update).startsWith("<graphics").contains("passwd=\"Secret12\"",
                "passwdValidTo=\"2026-11-22T10:00:00\"", "type=\"vnc\"").doesNotContain("<domain");
        assertThat(ConsolePasswords.next()).hasSize(8).isNotEqualTo(ConsolePasswords.next());
    }

    @Test
    void theConsoleListenSettingIsAnAddress() {
        var host = new HostEndpoint("h", "qemu:///system", null, null,
                Map.of(KvmHostProbe.CONSOLE_LISTEN_SETTING, "10.0.0.5"));
        assertThat(KvmHostProbe.consoleListen(host)).isEqualTo("10.0.0.5");
        assertThat(KvmHostProbe.consoleListen(new HostEndpoint("h", "qemu:///system",
                null, null, Map.of()))).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> KvmHostProbe.consoleListen(new HostEndpoint("h",
                "qemu:///system", null, null, Map.of(KvmHostProbe.CONSOLE_LISTEN_SETTING, "evil'host"))))
                .isInstanceOf(DriverException.class).hasMessageContaining("is not an IP address");
    }

    @Test
    void kvmDomainsGetNoTcgSettings() {
        String xml = DomainXml.build(new VmSpec("a", 1, 128, List.of(), List.of(), Map.of()), "kvm", "x86_64");
        assertThat(xml).contains("<domain type=\"kvm\">").doesNotContain("tb-cache");
    }

    @Test
    void specValuesAreEscapedNotInterpreted() {
        String xml = DomainXml.build(new VmSpec("a", 1, 128, List.of(), List.of(),
                Map.of("kernel", "/k", "cmdline", "x</cmdline><devices><evil/>")), "qemu", "x86_64");
        assertThat(xml).contains("x&lt;/cmdline&gt;&lt;devices&gt;&lt;evil/&gt;").doesNotContain("<evil/>");
    }

    @Test
    void domainTypeFollowsTheHostSettingThenPrefersKvmThenQemu() {
        HostCapabilities both = new HostCapabilities("Skylake", "x86_64", Set.of("qemu", "kvm"));
        assertThat(both.chooseDomainType(null)).isEqualTo("kvm");
        assertThat(both.chooseDomainType("qemu")).isEqualTo("qemu");
        assertThat(new HostCapabilities("x", "x86_64", Set.of("qemu")).chooseDomainType(null)).isEqualTo("qemu");
        assertThat(new HostCapabilities("x", "x86_64", Set.of("test")).chooseDomainType("")).isEqualTo("test");
        assertThatThrownBy(() -> new HostCapabilities("x", "x86_64", Set.of("qemu")).chooseDomainType("kvm"))
                .isInstanceOf(DriverException.class).hasMessageContaining("not offered");
    }

    @Test
    void parsesCapabilities() {
        String xml = "<capabilities><host><cpu><arch>x86_64</arch><model>Skylake-Client</model></cpu></host>"
                + "<guest><os_type>hvm</os_type><arch name='i686'><domain type='qemu'/></arch></guest>"
                + "<guest><os_type>hvm</os_type><arch name='x86_64'><domain type='qemu'/><domain type='kvm'/></arch>"
                + "</guest></capabilities>";
        HostCapabilities caps = HostCapabilities.parse(xml);
        assertThat(caps.cpuModel()).isEqualTo("Skylake-Client");
        assertThat(caps.domainTypes()).containsExactly("qemu", "kvm");
    }

    @Test
    void versionsDecode() {
        assertThat(KvmHostProbe.version(9_000_000)).isEqualTo("9.0.0");
        assertThat(KvmHostProbe.version(7_002_022)).isEqualTo("7.2.22");
    }
}
