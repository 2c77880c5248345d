package org.ovm.spi.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** Minimal tar archives (ustar, regular files only) for tests that import images. */
public final class Tarballs {

    private Tarballs() {
    }

    /** A tar of the given files (path to content), in order. */
    public static byte[] of(Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.forEach((path, content) -> {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            byte[] header = new byte[512];
            put(header, 0, path, 100);
            put(header, 100, "0000644", 8);
            put(header, 108, "0000000", 8);
            put(header, 116, "0000000", 8);
            put(header, 124, String.format("%011o", data.length), 12);
            put(header, 136, String.format("%011o", 0), 12);
            Arrays.fill(header, 148, 156, (byte) ' ');
            header[156] = '0';
            put(header, 257, "ustar", 6);
            put(header, 263, "00", 2);
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            put(header, 148, String.format("%06o", sum), 7);
            header[155] = ' ';
            out.writeBytes(header);
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        });
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String value, int length) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
    }
}
