package org.ovm.plugin.vlannet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class LocalityTest {

    /** A machine whose only address is 10.1.2.3 and whose name is kvm1. */
    private final Locality locality = new Locality(a -> a.getHostAddress().equals("10.1.2.3"), "kvm1");

    @Test
    void uriHostParts() {
        assertThat(Locality.hostOf("qemu:///system")).isEmpty();
        assertThat(Locality.hostOf("qemu+tcp://127.0.0.1:16510/system")).isEqualTo("127.0.0.1");
        assertThat(Locality.hostOf("qemu+ssh://root@[::1]/system")).isEqualTo("::1");
        assertThat(Locality.hostOf("qemu+ssh://root@KVM_2.lab:22/system")).isEqualTo("kvm_2.lab");
        assertThat(Locality.hostOf("not a uri")).isNull();
    }

    @Test
    void thisMachine() {
        assertThat(locality.isLocal("qemu:///system")).isTrue();
        assertThat(locality.isLocal("test:///default")).isTrue();
        assertThat(locality.isLocal("qemu+tcp://localhost/system")).isTrue();
        assertThat(locality.isLocal("qemu+tcp://127.0.0.1:16510/system")).isTrue();
        assertThat(locality.isLocal("qemu+tcp://[::1]:16510/system")).isTrue();
        assertThat(locality.isLocal("qemu+tls://10.1.2.3/system")).isTrue();
        assertThat(locality.isLocal("qemu+ssh://root@KVM1/system")).isTrue();
    }

    @Test
    void otherMachines() {
        assertThat(locality.isLocal("qemu+ssh://root@192.0.2.10/system")).isFalse();
        assertThat(locality.isLocal("qemu+tcp://[2001:db8::1]/system")).isFalse();
        assertThat(locality.isLocal("::")).isFalse();
    }

    @Test
    void theRealMachineKnowsItsLoopback() throws Exception {
        assertThat(Locality.ofThisMachine().isLocal("qemu+tcp://127.0.0.1/system")).isTrue();
        assertThat(InetAddress.getByName("127.0.0.1").isLoopbackAddress()).isTrue();
    }
}
