package org.ovm.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OvercommitTest {

    private static final long GIB = 1L << 30;

    @Test
    void aRatioLimitsTheVirtualSizesThePoolHolds() {
        assertThat(Overcommit.refusal("nfs1", 2.0, 10 * GIB, 10 * GIB, 15 * GIB, 5 * GIB)).isNull();
        assertThat(Overcommit.refusal("nfs1", 2.0, 10 * GIB, 10 * GIB, 15 * GIB, 6 * GIB))
                .isEqualTo("pool nfs1 would hold 21.0 GiB of virtual disks, over 2.0 × its 10.0 GiB; free space or "
                        + "raise its overcommitRatio");
    }

    @Test
    void withRatioOneAVolumeMustAlsoFitTheFreeSpace() {
        assertThat(Overcommit.refusal("nfs1", 1.0, 10 * GIB, 3 * GIB, 2 * GIB, 4 * GIB))
                .startsWith("pool nfs1 has 3.0 GiB free, less than the 4.0 GiB asked for");
        assertThat(Overcommit.refusal("nfs1", 1.5, 10 * GIB, 3 * GIB, 2 * GIB, 4 * GIB)).isNull();
    }
}
