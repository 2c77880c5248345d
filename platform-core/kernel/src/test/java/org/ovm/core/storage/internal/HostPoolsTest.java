package org.ovm.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ovm.core.internal.support.Ids;

class HostPoolsTest {

    @Test
    void aPoolIsNamedAfterItsHostAndStorageInTheNameAlphabet() {
        assertThat(HostPools.poolName("esxi-1", "LocalDS_0")).isEqualTo("esxi-1-LocalDS_0");
        assertThat(HostPools.poolName("esxi-1", "datastore 1 (SSD)")).isEqualTo("esxi-1-datastore-1--SSD-");
        String longName = HostPools.poolName("h".repeat(40), "d".repeat(40));
        assertThat(longName).hasSize(63);
        assertThat(Ids.requireName("name", longName)).isEqualTo(longName);
    }
}
