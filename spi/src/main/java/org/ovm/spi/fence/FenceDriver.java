package org.ovm.spi.fence;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.OperationContext;

/**
 * Controls one kind of out-of-band power management (IPMI, Redfish, a PDU, ...). Registered as an
 * OSGi service with the {@link #TYPE} property; the kernel picks one per host's configured fence
 * type (see {@link org.ovm.spi.common.PluginService} for the selection rule).
 *
 * <p>Fencing is what lets the kernel restart a failed host's instances elsewhere without running
 * one twice, so a driver must never claim more than its controller confirmed:
 * <ul>
 * <li>{@link #powerOff} completes normally only once the controller <em>reports</em> the power off;
 * a command the controller accepted is not enough. Otherwise it completes exceptionally.</li>
 * <li>Every call ends by {@link OperationContext#deadline()}: a process or connection still
 * running then is killed or closed, and the stage fails.</li>
 * <li>Passwords never appear in logs, messages, exceptions or a process's argument list.</li>
 * </ul>
 *
 * <p>Every call returns a stage that completes exceptionally with
 * {@link org.ovm.spi.common.DriverException} on failure: {@code UNREACHABLE} when the controller
 * does not answer, {@code UNAUTHORIZED} when it refuses the credentials or the privilege level,
 * {@code INVALID} for settings the driver does not accept (naming the setting),
 * {@code UNSUPPORTED} when a tool the driver needs is missing on the engine's machine,
 * {@code TIMEOUT} when the deadline passed after the controller had answered (a power-off it
 * accepted but did not report done), {@code BACKEND_FAILURE} otherwise. Messages say what an
 * operator can check. Blocking work runs on {@link OperationContext#executor()}. Calls for one
 * host are serialized by the kernel; calls for different hosts may arrive concurrently.
 */
@ConsumerType
public interface FenceDriver {

    /** Service property naming the fence type the driver serves ({@code ipmi}, ...). */
    String TYPE = "fence.type";

    /** The fence type this driver serves; equals the service's {@link #TYPE} property. */
    String type();

    /**
     * Asks the controller for the chassis power. Read-only; also how an operator's "test power
     * management" checks address and credentials.
     */
    CompletionStage<PowerStatus> status(OperationContext ctx, FenceEndpoint endpoint);

    /**
     * Switches the power off hard (no guest shutdown) and completes once the controller reports
     * {@link PowerStatus#OFF}; a host already off completes at once. Idempotent.
     */
    CompletionStage<Void> powerOff(OperationContext ctx, FenceEndpoint endpoint);

    /**
     * Switches the power on and completes once the controller reports {@link PowerStatus#ON}; a
     * host already on completes at once. Idempotent. (A power cycle is {@link #powerOff} then this:
     * the kernel sees the off confirmed in between.)
     */
    CompletionStage<Void> powerOn(OperationContext ctx, FenceEndpoint endpoint);
}
