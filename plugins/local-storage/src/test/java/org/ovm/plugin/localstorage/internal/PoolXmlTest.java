package org.ovm.plugin.localstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.spi.storage.PoolSpec;

class PoolXmlTest {

    @Test
    void theTargetDirectoryOfAPoolIsReadBackFromItsXml() {
        PoolSpec pool = new PoolSpec("p1", "local", "file:///var/lib/ovm/pools/local", Map.of());
        assertThat(PoolXml.targetPath(PoolXml.poolXml(pool))).isEqualTo("/var/lib/ovm/pools/local");
        assertThat(PoolXml.targetPath("<pool type='dir'><name>x</name></pool>")).isNull();
    }

    @Test
    void directoriesCompareWithoutTrailingSlashes() {
        assertThat(PoolXml.sameDirectory("/var/lib/ovm/pools/local/", "/var/lib/ovm/pools/local")).isTrue();
        assertThat(PoolXml.sameDirectory("/var/lib/ovm/pools/local", "/var/lib/ovm/pools/local2")).isFalse();
        assertThat(PoolXml.sameDirectory(null, "/var/lib/ovm/pools/local")).isFalse();
    }

    @Test
    void theMessageNamesTheOwnerAndHowToRemoveIt() {
        String message = PoolXml.directoryTaken("/var/lib/ovm/pools/local", "ovm-1234", null);
        assertThat(message).startsWith("directory /var/lib/ovm/pools/local is already used by libvirt pool 'ovm-1234'")
                .contains("'virsh pool-destroy ovm-1234; virsh pool-undefine ovm-1234'")
                .contains("its volumes stay on disk").contains("another directory");
        assertThat(PoolXml.directoryTaken("/p", "ovm-1", "qemu+tcp://127.0.0.1/system")).as("the libvirtd named")
                .contains("'virsh -c qemu+tcp://127.0.0.1/system pool-destroy ovm-1; "
                        + "virsh -c qemu+tcp://127.0.0.1/system pool-undefine ovm-1'");
    }

    @Test
    void libvirtsOwnRefusalNamesThePool() {
        assertThat(PoolXml.conflictingPool("operation failed: Storage source conflict with pool: 'ovm-77'"))
                .isEqualTo("ovm-77");
        assertThat(PoolXml.conflictingPool("operation failed: source conflict")).isEqualTo("NAME");
    }
}
