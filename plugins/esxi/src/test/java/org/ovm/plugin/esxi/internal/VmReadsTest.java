package org.ovm.plugin.esxi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VmReadsTest {

    @Test
    void diskSizesAreWrittenInTheUnitThatFits() {
        assertThat(VmReads.gib(1024)).isEqualTo("1 MiB");
        assertThat(VmReads.gib(10L * 1024 * 1024)).isEqualTo("10 GiB");
        assertThat(VmReads.gib(1536L * 1024)).isEqualTo("1.5 GiB");
        assertThat(VmReads.gib(512)).isEqualTo("512 KiB");
        assertThat(VmReads.gib(3L * 1024 * 1024 * 1024)).isEqualTo("3 TiB");
    }
}
