package org.ovm.spi.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Manages volumes in one kind of storage pool (a directory on a host, an NFS export, ...).
 * Registered with the {@link #TYPE} property. Stateless like every driver: pool and volume
 * records live in the kernel's inventory. Failures complete stages with
 * {@link org.ovm.spi.common.DriverException}.
 */
@ConsumerType
public interface StorageDriver {

    /** Service property naming the pool type ({@code local}, {@code nfs}, ...). */
    String TYPE = "storage.type";

    /** The pool type this driver serves. */
    String type();

    /** Optional features of this driver. */
    Set<StorageCapability> capabilities();

    /**
     * The volume formats this driver creates and accepts as images (for example {@code qcow2},
     * {@code raw}, {@code vmdk}), its default first. The kernel creates volumes in the first of
     * them the instance's hypervisor can attach, names new files with the format as extension,
     * and refuses an image whose format is not listed. Constant for the driver's lifetime.
     */
    List<String> volumeFormats();

    /**
     * Makes the pool usable from a host (creates the directory, defines the backend pool).
     * Called when a pool is added or a host joins its cluster. Idempotent.
     */
    CompletionStage<PoolCapacity> attachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host);

    /**
     * Stops using the pool on a host (the kernel calls it when a pool is removed, after its
     * volumes are gone): removes the backend's pool definition, and its directory if empty.
     * Idempotent.
     */
    CompletionStage<Void> detachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host);

    /** Reports the pool's capacity as seen from the host. Read-only. */
    CompletionStage<PoolCapacity> capacity(OperationContext ctx, PoolSpec pool, HostEndpoint host);

    /**
     * Creates a volume. Fails with {@code CONFLICT} if the name exists, with
     * {@code INSUFFICIENT_CAPACITY} if the pool is full. The kernel compensates with
     * {@link #deleteVolume}.
     */
    CompletionStage<VolumeInfo> createVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host, VolumeSpec volume);

    /**
     * Reports a volume already in the pool (for example a template file put there by an
     * operator): format, virtual size and the backing file its header names. Read-only; fails
     * with {@code NOT_FOUND}, and with {@code INVALID} where the driver can tell that the file is
     * corrupt or truncated (the kernel registers what this returns as a template).
     */
    CompletionStage<VolumeInfo> inspectVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host, String name);

    /**
     * Creates a volume from uploaded bytes, written as they are (an image file), after checking
     * that they are what the caller says: the header must match {@code format} ({@code iso} for
     * a CD-ROM image, or one of {@link #volumeFormats()}), and an image must be self-contained
     * (no backing file, no external data file). A refused upload fails with {@code INVALID} and a
     * message saying what the file is and how to make an acceptable one, before anything is
     * written; so does a stored file the driver finds corrupt or truncated, and a body that ends
     * before {@code sizeBytes} ("the upload ended after N of M bytes"). Blocking reads of {@code data} happen on the executor. Fails with {@code CONFLICT}
     * if the name exists; on any failure nothing is left in the pool.
     *
     * @param format    the format the uploader declares
     * @param sizeBytes exact number of bytes {@code data} yields
     */
    CompletionStage<VolumeInfo> uploadVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host, String name,
            String format, long sizeBytes, InputStream data);

    /** Deletes a volume. Idempotent: an unknown volume completes normally. */
    CompletionStage<Void> deleteVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host, String volumeName);

    /** Grows a volume; shrinking fails with {@code INVALID}. */
    CompletionStage<VolumeInfo> resizeVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host, String volumeName,
            long newSizeBytes);

    /** Frees cached connections for a host that was removed or changed. Never fails. */
    default void release(String hostId) {
    }
}
