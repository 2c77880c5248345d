package org.ovm.plugin.esxi.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first bytes of an upload, read ahead to tell what the file is, and the whole upload again
 * as one stream.
 */
final class BufferedHeader {

    /** ISO 9660's first volume descriptor is at 32768; its identifier "CD001" at 32769. */
    private static final int ISO_MAGIC_AT = 32769;
    private static final int LENGTH = ISO_MAGIC_AT + 5;

    private final byte[] head;
    private final InputStream rest;

    private BufferedHeader(byte[] head, InputStream rest) {
        this.head = head;
        this.rest = rest;
    }

    static BufferedHeader of(InputStream data) throws IOException {
        byte[] head = data.readNBytes(LENGTH);
        return new BufferedHeader(head, data);
    }

    boolean isIso() {
        return head.length >= LENGTH && "CD001".equals(text(ISO_MAGIC_AT, 5));
    }

    /** A hosted sparse vmdk ("KDMV") or a text descriptor. */
    boolean isVmdk() {
        return head.length >= 4 && ("KDMV".equals(text(0, 4)) || text(0, Math.min(head.length, 64))
                .startsWith("# Disk DescriptorFile"));
    }

    String describe() {
        if (head.length == 0) {
            return "the file is empty";
        }
        if (head.length >= 4 && "QFI\u00fb".equals(new String(head, 0, 4, StandardCharsets.ISO_8859_1))) {
            return "it is a qcow2 image";
        }
        return "its first bytes are " + Arrays.toString(Arrays.copyOf(head, Math.min(8, head.length)));
    }

    private String text(int from, int length) {
        return new String(head, from, length, StandardCharsets.ISO_8859_1);
    }

    InputStream stream() {
        return new SequenceInputStream(new ByteArrayInputStream(head), rest);
    }
}
