package org.ovm.core.internal.support;

/** Byte sizes as the API and quotas count them. */
public final class Sizes {

    /** One GiB in bytes. */
    public static final long GIB = 1024L * 1024 * 1024;

    private Sizes() {
    }

    /** Whole GiB a disk of {@code bytes} counts against a quota (rounded up). */
    public static long gib(long bytes) {
        return (bytes + GIB - 1) / GIB;
    }
}
