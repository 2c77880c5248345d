package org.ovm.plugin.kvm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuestAgentTest {

    private static String domain(String channels) {
        return "<domain type='kvm'><name>d</name><devices><disk type='file' device='disk'>"
                + "<source file='/v.qcow2'/><target dev='vda' bus='virtio'/></disk>" + channels
                + "</devices></domain>";
    }

    @Test
    void aDomainWithoutAnAgentChannelIsNotAsked() {
        assertThat(GuestAgent.hasChannel(domain(""))).isFalse();
        assertThat(GuestAgent.hasChannel("<domain type='kvm'><name>d</name></domain>")).isFalse();
        assertThat(GuestAgent.hasChannel(domain("<channel type='unix'><target type='virtio' "
                + "name='org.qemu.spice.0'/></channel>"))).isFalse();
    }

    @Test
    void anAgentChannelCountsUnlessLibvirtKnowsItIsDisconnected() {
        assertThat(GuestAgent.hasChannel(domain("<channel type='unix'><source mode='bind'/>"
                + "<target type='virtio' name='org.qemu.guest_agent.0' state='connected'/></channel>"))).isTrue();
        assertThat(GuestAgent.hasChannel(domain("<channel type='unix'><target type='virtio' "
                + "name='org.qemu.guest_agent.0'/></channel>"))).isTrue();
        assertThat(GuestAgent.hasChannel(domain("<channel type='unix'><target type='virtio' "
                + "name='org.qemu.guest_agent.0' state='disconnected'/></channel>"))).isFalse();
    }
}
