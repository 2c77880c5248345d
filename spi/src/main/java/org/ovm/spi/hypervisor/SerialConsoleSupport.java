package org.ovm.spi.hypervisor;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: the serial port of a running virtual machine as an interactive text console (what
 * its kernel and a getty or shell on {@code ttyS0} print, and what is typed into it), which the
 * engine's console proxy bridges to a browser like a {@link TerminalSupport terminal}. Unlike a
 * terminal, nothing is started in the guest: the session attaches to the port that exists.
 *
 * <p>A serial port has one reader: a driver whose hypervisor allows one console stream per port
 * (libvirt) takes the port over from whoever holds it (as {@code virsh console --force} does); the
 * older session then ends. {@link TerminalSupport.Session#resize} is ignored (a serial line carries
 * no window size).
 *
 * @since 1.5
 */
@ConsumerType
public interface SerialConsoleSupport {

    /**
     * Attaches to the first serial port of a running instance and streams what the guest writes to
     * it to {@code output} (from a driver thread, in order). Called by the kernel when the console
     * proxy redeems a serial-console ticket; the session lives until {@link TerminalSupport.Session#close}
     * (the browser left), the guest stops or another client takes the port over, and then
     * {@link TerminalSupport.Session#closed} completes. Fails with {@code CONFLICT} if the instance is
     * not running, {@code NOT_FOUND} if it is gone, {@code INVALID} if it has no serial port.
     */
    CompletionStage<TerminalSupport.Session> openSerialConsole(OperationContext ctx, HostEndpoint host,
            String backendId, Consumer<byte[]> output);
}
