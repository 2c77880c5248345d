package org.ovm.plugin.esxi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.hypervisor.InstanceInfo;
import org.ovm.spi.hypervisor.NicSpec;
import org.ovm.spi.hypervisor.VlanAttachment;
import org.ovm.spi.hypervisor.VmSpec;
import org.ovm.spi.testkit.ContractSupport;

import com.vmware.vim25.HostNetworkPolicy;
import com.vmware.vim25.HostPortGroupSpec;

/**
 * VLAN networks as port groups on the simulated ESXi host of {@code ./ovm backends up esxi}, each
 * step checked with govmomi ({@link EsxiCheck}).
 */
class EsxiVlanAttachTest extends ContractSupport {

    private final EsxiHypervisorDriver driver = new EsxiHypervisorDriver();
    private final HostEndpoint host = EsxiBackend.host();

    @AfterEach
    void closeSessions() {
        driver.close();
    }

    private static VlanAttachment vlan(int vlan, Map<String, String> settings) {
        String id = UUID.randomUUID().toString();
        return new VlanAttachment(id, "vlan" + id.substring(0, 6), vlan, "10.190.0.0/24", "10.190.0.1", settings);
    }

    @Test
    void aVlanNetworkIsAPortGroupWithItsVlanRemovedOnceNoVmUsesIt() throws Exception {
        VlanAttachment net = vlan(100, Map.of());
        String port = await(driver.attachVlan(ctx(), host, net));
        assertThat(port).isEqualTo("ovm-" + net.name());
        try {
            assertThat(await(driver.attachVlan(ctx(), host, net))).as("idempotent").isEqualTo(port);
            assertThat(EsxiCheck.portGroups().get(port).asInt()).isEqualTo(100);
            String vswitch = driver.sessions().call(host, "reading the port group",
                    s -> PortGroups.find(s.host.getHostNetworkSystem(), port).getSpec().getVswitchName());
            assertThat(vswitch).isEqualTo("vSwitch0");

            String name = "ovm-test-" + UUID.randomUUID().toString().substring(0, 8);
            InstanceInfo vm = await(driver.define(ctx(), host, new VmSpec(name, 1, 64, List.of(),
                    List.of(new NicSpec("00:50:56:3e:19:07", port, 100, null)), Map.of("guestId", "otherGuest"))));
            try {
                assertThat(EsxiCheck.vm(name).get("nics").get(0).asText()).isEqualTo("00:50:56:3e:19:07@" + port);
                assertThatThrownBy(() -> await(driver.detachVlan(ctx(), host, net))).satisfies(e -> {
                    assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getCause().getMessage()).contains(port, name);
                });
                assertThat(EsxiCheck.portGroups().has(port)).as("kept while the VM uses it").isTrue();
            } finally {
                await(driver.undefine(ctx(), host, vm.backendId()));
            }
        } finally {
            await(driver.detachVlan(ctx(), host, net));
        }
        assertThat(EsxiCheck.portGroups().has(port)).isFalse();
        await(driver.detachVlan(ctx(), host, net));
        assertThat(EsxiCheck.portGroups().has("VM Network")).as("the host's own port groups stay").isTrue();
    }

    @Test
    void aPortGroupNamedBySettingIsUsedAndNeverRemoved() throws Exception {
        String own = "i15h-pre-" + UUID.randomUUID().toString().substring(0, 6);
        driver.sessions().call(host, "adding a port group", s -> {
            HostPortGroupSpec spec = new HostPortGroupSpec();
            spec.setName(own);
            spec.setVlanId(300);
            spec.setVswitchName("vSwitch0");
            spec.setPolicy(new HostNetworkPolicy());
            s.host.getHostNetworkSystem().addPortGroup(spec);
            return null;
        });
        try {
            VlanAttachment net = vlan(300, Map.of("portGroup", own));
            assertThat(await(driver.attachVlan(ctx(), host, net))).isEqualTo(own);
            await(driver.detachVlan(ctx(), host, net));
            assertThat(EsxiCheck.portGroups().get(own).asInt()).as("the host's port group stays").isEqualTo(300);

            assertThatThrownBy(() -> await(driver.attachVlan(ctx(), host, vlan(301, Map.of("portGroup", own)))))
                    .satisfies(e -> {
                        assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT);
                        assertThat(e.getCause().getMessage()).contains(own, "VLAN 300", "VLAN 301");
                    });
            assertThatThrownBy(() -> await(driver.attachVlan(ctx(), host, vlan(300, Map.of("portGroup",
                    "i15h-missing"))))).satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID));
            assertThat(EsxiCheck.portGroups().get(own).asInt()).as("its VLAN unchanged").isEqualTo(300);
        } finally {
            driver.sessions().call(host, "removing a port group", s -> {
                s.host.getHostNetworkSystem().removePortGroup(own);
                return null;
            });
        }
    }

    @Test
    void notAVlanIdIsInvalid() {
        assertThatThrownBy(() -> await(driver.attachVlan(ctx(), host, vlan(4095, Map.of()))))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID));
    }
}
