package org.ovm.plugin.nfsstorage.internal;

import java.util.regex.Pattern;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * The text descriptor of a vmdk as ESXi itself writes it on NFS and VMFS datastores: {@code createType="vmfs"}
 * and one {@code VMFS} extent, the flat data file {@code <name>-flat.vmdk} next to it. qemu-img reads such a
 * disk with {@code -f vmdk} (it cannot create one: its monolithicFlat descriptors are VMware Workstation's,
 * which ESXi does not run VMs from). Pure functions.
 */
final class VmdkDescriptor {

    static final String EXTENSION = ".vmdk";
    static final String FLAT_SUFFIX = "-flat.vmdk";
    static final long SECTOR = 512;

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private VmdkDescriptor() {
    }

    /** Whether a volume name is a vmdk descriptor's ({@code x.vmdk}, not an extent {@code x-flat.vmdk}). */
    static boolean isDescriptor(String name) {
        return name != null && name.endsWith(EXTENSION) && !name.endsWith(FLAT_SUFFIX);
    }

    /** Refuses ({@code INVALID}) a name a vmdk volume cannot have. */
    static String checkName(String name) {
        if (!isDescriptor(name) || name.length() == EXTENSION.length()) {
            throw new DriverException(ErrorCode.INVALID, "a vmdk volume's name ends in .vmdk (and not in -flat.vmdk, "
                    + "the name of its data file): " + name);
        }
        return name;
    }

    /** The data file of descriptor {@code name}. */
    static String flatName(String name) {
        return name.substring(0, name.length() - EXTENSION.length()) + FLAT_SUFFIX;
    }

    /** {@code bytes} rounded up to whole sectors (a vmdk's size is counted in sectors). */
    static long roundUp(long bytes) {
        return (Math.max(0, bytes) + SECTOR - 1) / SECTOR * SECTOR;
    }

    /**
     * The descriptor of a thin disk of {@code sizeBytes} (a multiple of {@link #SECTOR}) whose data is the file
     * {@code flatName} in the same directory. {@code cid} is the content id (8 hex digits).
     */
    static String text(String flatName, long sizeBytes, long cid) {
        if (sizeBytes % SECTOR != 0 || !SAFE_NAME.matcher(flatName).matches()) {
            throw new IllegalArgumentException("bad vmdk extent " + flatName + " of " + sizeBytes + " bytes");
        }
        return "# Disk DescriptorFile\n"
                + "version=1\n"
                + "encoding=\"UTF-8\"\n"
                + String.format("CID=%08x\n", cid & 0xffffffffL)
                + "parentCID=ffffffff\n"
                + "createType=\"vmfs\"\n"
                + "\n"
                + "# Extent description\n"
                + "RW " + sizeBytes / SECTOR + " VMFS \"" + flatName + "\"\n"
                + "\n"
                + "# The Disk Data Base\n"
                + "#DDB\n"
                + "\n"
                + "ddb.adapterType = \"lsilogic\"\n"
                + "ddb.geometry.cylinders = \"" + Math.max(1, Math.min(65535, sizeBytes / SECTOR / (255 * 63))) + "\"\n"
                + "ddb.geometry.heads = \"255\"\n"
                + "ddb.geometry.sectors = \"63\"\n"
                + "ddb.thinProvisioned = \"1\"\n"
                + "ddb.virtualHWVersion = \"13\"\n";
    }
}
