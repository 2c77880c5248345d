package org.ovm.core.console;

import org.ovm.core.Caller;

/**
 * Browser consoles. A caller who may see a running instance gets a one-time ticket; the
 * engine's console proxy redeems it to learn where to connect. Tickets live in memory, are
 * good for one connection and expire after {@link #TICKET_SECONDS} seconds.
 */
public interface ConsoleService {

    int TICKET_SECONDS = 60;

    /**
     * Issues a ticket for the running instance's graphical console. Fails with 404 if the
     * caller cannot see the instance, 409 if it is not running or its console cannot be reached
     * from the engine, 400 if its hypervisor has no console.
     */
    ConsoleTicket issue(Caller caller, String instanceId);

    /**
     * Takes a ticket back (once): where to connect, or null if the ticket is unknown, used or
     * expired, or if the user it was issued to has been deleted or may no longer see the instance.
     */
    ConsoleTarget redeem(String ticket);

    /**
     * Issues a ticket for an interactive terminal (a shell with a TTY) in a running instance whose
     * hypervisor offers one (containers). 404 if the caller cannot see it, 409 if it is not
     * running, 400 if its hypervisor has no terminals.
     */
    ConsoleTicket issueTerminal(Caller caller, String instanceId);

    /**
     * Issues a ticket for the serial console of a running virtual machine whose hypervisor offers
     * one (KVM): the guest's first serial port as a text console, through the same websocket as a
     * terminal. Opening it takes the port over from any other client. 404 if the caller cannot see
     * the instance, 409 if it is not running, 400 if its hypervisor has no serial consoles.
     */
    ConsoleTicket issueSerial(Caller caller, String instanceId);

    /**
     * Opens the terminal or serial console a redeemed ticket names: {@code output} receives what
     * the shell or the guest prints (from a driver thread). Fails with 409 if the instance stopped
     * meanwhile.
     */
    TerminalSession openTerminal(ConsoleTarget target, int columns, int rows, java.util.function.Consumer<byte[]> output);
}
