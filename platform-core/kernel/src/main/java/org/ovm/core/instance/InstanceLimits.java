package org.ovm.core.instance;

/** The sizes an instance may have; requests outside them are refused with 400 naming the field. */
public final class InstanceLimits {

    /** The most vCPUs an instance has. */
    public static final int MAX_CPUS = 256;
    /** The least memory an instance has, in MiB. */
    public static final long MIN_MEMORY_MIB = 16;
    /** The most memory an instance has, in MiB (4 TiB). */
    public static final long MAX_MEMORY_MIB = 4L * 1024 * 1024;

    private InstanceLimits() {
    }
}
