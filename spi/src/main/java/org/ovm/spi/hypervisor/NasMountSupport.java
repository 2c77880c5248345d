package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: a host whose hypervisor reaches NFS storage only through a mount of its own (an ESXi host's NAS
 * datastore), not by URL as QEMU does. When a shared pool whose uri is {@code nfs://server/path} is attached to
 * such a host, the kernel calls {@link #mountNfs} after the storage driver's {@code attachPool}, and
 * {@link #unmountNfs} before its {@code detachPool} (detaching the host, deleting the pool). Disks of the pool
 * still reach the driver as {@code nfs://server/path/<volume>} in {@link DiskSpec#volumePath()}: the driver maps
 * them onto its mount. Called on the kernel's executor; both calls are idempotent.
 *
 * @since 1.9
 */
@ConsumerType
public interface NasMountSupport {

    /**
     * Mounts the export on the host, or finds the mount the host already has of exactly that server and path
     * (whoever made it). Fails {@code BACKEND_FAILURE} (or {@code UNREACHABLE}) with a reason an operator can
     * act on when the host cannot mount it, {@code CONFLICT} when the mount's name is taken by something else.
     *
     * @return the name of the mount on the host (the datastore's name)
     */
    CompletionStage<String> mountNfs(OperationContext ctx, HostEndpoint host, NfsShare share);

    /**
     * Removes the mount {@link #mountNfs} made for this pool; a mount it did not make (one it found) stays, and
     * no mount at all completes normally. Fails {@code CONFLICT} while VMs of the host use it.
     */
    CompletionStage<Void> unmountNfs(OperationContext ctx, HostEndpoint host, NfsShare share);
}
