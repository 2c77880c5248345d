package org.ovm.lib.images;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * Checks an uploaded image's header before any byte is written to the pool: the file must be what it
 * claims, and a qcow2 file must not name a backing file or an external data file (either would
 * let an image read files on the host). Used by the storage plugins' {@code uploadVolume}, which
 * read {@link #NEEDED} bytes of the upload, call {@link #check} and only then store anything.
 */
public final class ImageHeaders {

    /** Bytes of the file the check needs (an ISO's volume descriptor sits at 32 KiB). */
    public static final int NEEDED = 32 * 1024 + 8;

    private static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};
    private static final long INCOMPATIBLE_EXTERNAL_DATA_FILE = 1L << 2;

    private ImageHeaders() {
    }

    /**
     * Checks the first bytes of an image against its declared format.
     *
     * @param format the declared format: {@code qcow2}, {@code raw} or {@code iso}
     * @param header the file's first {@link #NEEDED} bytes (fewer if the file is shorter)
     * @throws DriverException {@link ErrorCode#INVALID}, saying what is wrong, when the file is not
     *     what it claims, names a backing file or uses an external data file, or the format is unknown
     */
    public static void check(String format, byte[] header) {
        boolean qcow2 = header.length >= 4 && header[0] == QCOW2_MAGIC[0] && header[1] == QCOW2_MAGIC[1]
                && header[2] == QCOW2_MAGIC[2] && header[3] == QCOW2_MAGIC[3];
        switch (format) {
            case "qcow2" -> checkQcow2(qcow2, header);
            case "raw" -> {
                if (qcow2) {
                    throw invalid("the file is qcow2, not raw");
                }
            }
            case "iso" -> {
                if (header.length < 32 * 1024 + 6 || !"CD001".equals(new String(header, 32 * 1024 + 1, 5,
                        StandardCharsets.US_ASCII))) {
                    throw invalid("the file is not an ISO 9660 image");
                }
            }
            default -> throw invalid("format is qcow2, raw or iso");
        }
    }

    private static DriverException invalid(String message) {
        return new DriverException(ErrorCode.INVALID, message);
    }

    private static void checkQcow2(boolean qcow2, byte[] header) {
        if (!qcow2 || header.length < 104) {
            throw invalid("the file is not a qcow2 image");
        }
        ByteBuffer buffer = ByteBuffer.wrap(header);
        int version = buffer.getInt(4);
        long backingFileOffset = buffer.getLong(8);
        if (backingFileOffset != 0) {
            throw invalid("the qcow2 image names a backing file; upload a self-contained image "
                    + "(qemu-img convert -f qcow2 -O qcow2 in.qcow2 out.qcow2)");
        }
        if (version >= 3 && (buffer.getLong(72) & INCOMPATIBLE_EXTERNAL_DATA_FILE) != 0) {
            throw invalid("the qcow2 image uses an external data file; upload a "
                    + "self-contained image");
        }
    }
}
