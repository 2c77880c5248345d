package org.ovm.lib.images;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;

class ImageHeadersTest {

    private static byte[] qcow2(int version, long backingOffset, long incompatible) {
        ByteBuffer header = ByteBuffer.allocate(ImageHeaders.NEEDED);
        header.put(new byte[] {'Q', 'F', 'I', (byte) 0xfb});
        header.putInt(4, version);
        header.putLong(8, backingOffset);
        header.putLong(72, incompatible);
        return header.array();
    }

    @Test
    void acceptsSelfContainedQcow2() {
        assertThatCode(() -> ImageHeaders.check("qcow2", qcow2(3, 0, 0))).doesNotThrowAnyException();
        assertThatCode(() -> ImageHeaders.check("qcow2", qcow2(2, 0, 0))).doesNotThrowAnyException();
    }

    @Test
    void refusesBackingAndExternalDataFiles() {
        assertThatThrownBy(() -> ImageHeaders.check("qcow2", qcow2(3, 0x200, 0))).isInstanceOf(DriverException.class)
                .hasMessageContaining("backing file");
        assertThatThrownBy(() -> ImageHeaders.check("qcow2", qcow2(3, 0, 1L << 2))).isInstanceOf(DriverException.class)
                .hasMessageContaining("external data file");
    }

    @Test
    void refusesFilesThatAreNotWhatTheyClaim() {
        assertThatThrownBy(() -> ImageHeaders.check("qcow2", new byte[ImageHeaders.NEEDED]))
                .hasMessageContaining("not a qcow2");
        assertThatThrownBy(() -> ImageHeaders.check("raw", qcow2(3, 0, 0))).hasMessageContaining("is qcow2");
        assertThatThrownBy(() -> ImageHeaders.check("iso", new byte[ImageHeaders.NEEDED]))
                .hasMessageContaining("not an ISO");
        byte[] iso = new byte[ImageHeaders.NEEDED];
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, iso, 32 * 1024 + 1, 5);
        assertThatCode(() -> ImageHeaders.check("iso", iso)).doesNotThrowAnyException();
        assertThatCode(() -> ImageHeaders.check("raw", new byte[ImageHeaders.NEEDED])).doesNotThrowAnyException();
    }
}
