package org.ovm.spi.hypervisor;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Turns instance requests into calls on one kind of hypervisor's remote API. Registered as an
 * OSGi service with the {@link #TYPE} property; the kernel tracks drivers dynamically and picks
 * one per host type (see {@link org.ovm.spi.common.PluginService} for the selection rule).
 *
 * <p>A driver holds no authoritative state: the kernel's inventory is the source of truth. It
 * may cache connections per host. Every I/O call returns a stage that completes exceptionally
 * with {@link org.ovm.spi.common.DriverException} on failure; blocking work runs on
 * {@link OperationContext#executor()}. Calls for one instance are serialized by the kernel;
 * calls for different instances or hosts may arrive concurrently.
 */
@ConsumerType
public interface HypervisorDriver {

    /** Service property naming the host type the driver serves ({@code kvm}, {@code esxi}, ...). */
    String TYPE = "hypervisor.type";

    /** The host type this driver serves; equals the service's {@link #TYPE} property. */
    String type();

    /**
     * Optional features this driver offers, for operators and placement. Optional calls live in
     * sub-interfaces ({@link SnapshotSupport}, {@link ConsoleSupport}, {@link StatsSupport},
     * {@link ResizeSupport}, {@link DiskAttachSupport}) that the kernel detects on the service
     * object; {@link HypervisorCapability#HOT_RESIZE} decides whether running instances are resized.
     */
    Set<HypervisorCapability> capabilities();

    /** Locally administered prefix of the MACs OVM gives NICs of hypervisors that do not say theirs. */
    String DEFAULT_MAC_PREFIX = "02:00:00";

    /**
     * The first three octets of MAC addresses the kernel's IPAM gives this hypervisor's NICs
     * (its vendor's OUI, as {@code aa:bb:cc}), so guests see the NIC vendor they expect; or four
     * ({@code aa:bb:cc:dd}, since 1.4) where the hypervisor accepts only part of its OUI for
     * assigned MACs, as ESXi does. The kernel calls it when it claims an address; it must be
     * constant. Since 1.2.
     */
    default String macPrefix() {
        return DEFAULT_MAC_PREFIX;
    }

    /**
     * The volume formats this hypervisor's instances can boot from and attach, preferred first
     * (for example {@code qcow2}, {@code raw}). The kernel creates an instance's disk in the first
     * format its pool's driver creates ({@link org.ovm.spi.storage.StorageDriver#volumeFormats()})
     * that is also in this list, and refuses a create where there is none. Empty for hypervisors
     * without disk files (containers). Since 1.2.
     */
    default List<String> diskFormats() {
        return List.of("raw");
    }

    /**
     * Connects to the host and reports its facts. Called when a host is added and periodically
     * by the host monitor; must be cheap once connected. Idempotent.
     *
     * @return the host's facts; fails with {@code UNREACHABLE} or {@code UNAUTHORIZED}
     */
    CompletionStage<HostFacts> probe(OperationContext ctx, HostEndpoint host);

    /**
     * Lists every instance the hypervisor knows, including ones OVM did not create (discovery).
     * Called by periodic sync. Read-only.
     */
    CompletionStage<List<InstanceInfo>> listInstances(OperationContext ctx, HostEndpoint host);

    /**
     * Looks up one instance by its backend id. Read-only.
     *
     * @return the instance, or empty if the hypervisor does not know it
     */
    CompletionStage<Optional<InstanceInfo>> findInstance(OperationContext ctx, HostEndpoint host, String backendId);

    /**
     * Defines (creates, powered off) an instance from a spec. Called by the kernel's create task
     * once capacity is claimed. Not idempotent by itself: the kernel passes a stable
     * {@link VmSpec#name()} and compensates with {@link #undefine} on failure. Fails with
     * {@code CONFLICT} if the name is taken on the host.
     *
     * @return the defined instance, whose {@link InstanceInfo#backendId()} the kernel stores
     */
    CompletionStage<InstanceInfo> define(OperationContext ctx, HostEndpoint host, VmSpec spec);

    /** Powers an instance on. Idempotent: starting a running instance succeeds. */
    CompletionStage<InstanceInfo> start(OperationContext ctx, HostEndpoint host, String backendId);

    /**
     * Powers an instance off. {@link StopMode#GRACEFUL} asks the guest (ACPI) and falls back to
     * a forced stop when {@link OperationContext#deadline()} is near; {@link StopMode#FORCE}
     * cuts power at once. Idempotent: stopping a stopped instance succeeds.
     */
    CompletionStage<InstanceInfo> stop(OperationContext ctx, HostEndpoint host, String backendId, StopMode mode);

    /** Reboots a running instance; fails with {@code CONFLICT} if it is not running. */
    CompletionStage<InstanceInfo> reboot(OperationContext ctx, HostEndpoint host, String backendId);

    /**
     * Removes an instance's definition from the hypervisor, powering it off first if needed.
     * Volumes are not touched (they belong to storage drivers). Idempotent: an unknown id
     * completes normally, so the kernel can use it as a compensation and on retries.
     */
    CompletionStage<Void> undefine(OperationContext ctx, HostEndpoint host, String backendId);

    /** Frees cached connections for a host that was removed or changed. Never fails. */
    default void release(String hostId) {
    }
}
