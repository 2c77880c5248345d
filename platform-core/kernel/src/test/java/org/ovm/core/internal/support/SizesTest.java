package org.ovm.core.internal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;

/** The disk cap applied to images (review F14): no image larger than the largest disk OVM makes. */
class SizesTest {

    private static final long TIB = 1024L * Sizes.GIB;

    @Test
    void acceptsImagesUpToSixtyFourTebibytes() {
        assertThatCode(() -> Sizes.requireImageSize("file", 64 * TIB)).doesNotThrowAnyException();
        assertThatCode(() -> Sizes.requireImageSize("file", 1)).doesNotThrowAnyException();
        assertThat(Sizes.MAX_DISK_GIB).isEqualTo(65_536);
    }

    @Test
    void refusesLargerImagesNamingTheSizeAndTheCap() {
        assertThatThrownBy(() -> Sizes.requireImageSize("file", 100 * TIB))
                .isInstanceOfSatisfying(OvmException.class, e -> {
                    assertThat(e.error()).isEqualTo(OvmError.INVALID_INPUT);
                    assertThat(e.field()).isEqualTo("file");
                    assertThat(e.getMessage()).isEqualTo("the image's virtual size is 102400 GiB (109951162777600 "
                            + "bytes), more than the largest disk OVM creates: 65536 GiB (64 TiB)");
                });
        assertThatThrownBy(() -> Sizes.requireImageSize("volume", 64 * TIB + 1)).isInstanceOf(OvmException.class)
                .hasMessageContaining("65537 GiB");
    }
}
