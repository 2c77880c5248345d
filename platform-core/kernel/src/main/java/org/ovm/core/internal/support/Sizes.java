package org.ovm.core.internal.support;

import org.ovm.core.OvmException;

/** Byte sizes as the API and quotas count them. */
public final class Sizes {

    /** One GiB in bytes. */
    public static final long GIB = 1024L * 1024 * 1024;

    /** The largest disk OVM creates, in GiB (64 TiB): the documented maximum of {@code diskGiB}. */
    public static final long MAX_DISK_GIB = 64L * 1024;

    private Sizes() {
    }

    /** Whole GiB a disk of {@code bytes} counts against a quota (rounded up). */
    public static long gib(long bytes) {
        return (bytes + GIB - 1) / GIB;
    }

    /**
     * Refuses an image (uploaded or registered) whose virtual size exceeds the largest disk OVM
     * creates: every instance made from it would get a disk that large (400 naming {@code field}).
     */
    public static void requireImageSize(String field, long virtualBytes) {
        if (virtualBytes > MAX_DISK_GIB * GIB) {
            throw OvmException.invalid(field, "the image's virtual size is " + gib(virtualBytes) + " GiB ("
                    + virtualBytes + " bytes), more than the largest disk OVM creates: " + MAX_DISK_GIB
                    + " GiB (64 TiB)");
        }
    }
}
