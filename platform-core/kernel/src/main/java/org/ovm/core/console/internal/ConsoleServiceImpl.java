package org.ovm.core.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.console.ConsoleService;
import org.ovm.core.console.ConsoleTarget;
import org.ovm.core.console.ConsoleTicket;
import org.ovm.core.console.ConsoleView;
import org.ovm.core.console.TerminalSession;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.instance.InstanceService;
import org.ovm.core.instance.InstanceState;
import org.ovm.core.instance.InstanceView;
import org.ovm.core.instance.internal.BackendReads;

/** One-time console tickets held in memory; see {@link ConsoleService}. */
public final class ConsoleServiceImpl implements ConsoleService {

    /** The console proxy's websocket, served by the engine next to the portal. */
    public static final String PROXY_PATH = "/console/ws";
    /** The terminal proxy's websocket (terminals and serial consoles). */
    public static final String TERMINAL_PATH = "/console/terminal";
    /** A ticket's protocol: a shell with a TTY in a container. */
    public static final String TERMINAL = "terminal";
    /** A ticket's protocol: a virtual machine's serial port. */
    public static final String SERIAL = "serial";
    /** What a terminal runs. */
    static final List<String> SHELL = List.of("/bin/sh");

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "localhost");
    private static final Set<String> ANY = Set.of("", "0.0.0.0", "::");

    private final InstanceService instances;
    private final BackendReads reads;
    private final EventPublisher events;
    private final ConsoleTickets tickets;
    private final Function<String, Caller> users;

    /** {@code users}: the user with an id as a caller now (current role and VDC), or null if there is none. */
    public ConsoleServiceImpl(InstanceService instances, BackendReads reads, EventPublisher events, Clock clock,
            Function<String, Caller> users) {
        this.instances = instances;
        this.reads = reads;
        this.events = events;
        this.tickets = new ConsoleTickets(clock, Duration.ofSeconds(TICKET_SECONDS));
        this.users = users;
    }

    @Override
    public ConsoleTicket issue(Caller caller, String instanceId) {
        InstanceView instance = instances.get(caller, instanceId);
        if (!InstanceState.RUNNING.name().equals(instance.state())) {
            throw OvmException.conflict(null, "instance " + instance.name() + " is " + instance.state()
                    + ": start it to open its console");
        }
        BackendReads.OpenedConsole opened = reads.console(caller, instanceId, true);
        ConsoleView console = opened.view();
        String address = address(instance.name(), console);
        ConsoleTickets.Issued issued = tickets.issue(new ConsoleTarget(instance.id(), caller.username(),
                instance.vdcId(), console.protocol(), address, console.port(), opened.password(), caller.userId()));
        events.publish(caller, "instance/console", instance.id(), instance.vdcId(),
                "console ticket for instance " + instance.name() + " issued to " + caller.username());
        return new ConsoleTicket(issued.ticket(), instance.id(), console.protocol(),
                PROXY_PATH + "?ticket=" + issued.ticket(), issued.expiresAt().toString());
    }

    @Override
    public ConsoleTarget redeem(String ticket) {
        ConsoleTarget target = tickets.redeem(ticket);
        if (target == null || target.userId() == null) {
            return target;
        }
        // the ticket is only as good as its user: deleted, or moved where the instance is out of sight, it opens nothing
        Caller now = users.apply(target.userId());
        if (now == null) {
            return null;
        }
        try {
            instances.get(now, target.instanceId());
            return target;
        } catch (OvmException e) {
            return null;
        }
    }

    @Override
    public ConsoleTicket issueTerminal(Caller caller, String instanceId) {
        InstanceView instance = running(caller, instanceId, "open a terminal");
        reads.requireTerminal(caller, instanceId);
        return textTicket(caller, instance, TERMINAL, "instance/terminal", "terminal ticket");
    }

    @Override
    public ConsoleTicket issueSerial(Caller caller, String instanceId) {
        InstanceView instance = running(caller, instanceId, "open its serial console");
        reads.requireSerialConsole(caller, instanceId);
        return textTicket(caller, instance, SERIAL, "instance/serial-console", "serial console ticket");
    }

    @Override
    public TerminalSession openTerminal(ConsoleTarget target, int columns, int rows, Consumer<byte[]> output) {
        return switch (String.valueOf(target.protocol())) {
            case TERMINAL -> reads.openTerminal(target.instanceId(), target.username(), SHELL, columns, rows, output);
            case SERIAL -> reads.openSerialConsole(target.instanceId(), target.username(), output);
            default -> throw OvmException.invalid(null, "the ticket is for a " + target.protocol()
                    + " console, not a terminal");
        };
    }

    private InstanceView running(Caller caller, String instanceId, String what) {
        InstanceView instance = instances.get(caller, instanceId);
        if (!InstanceState.RUNNING.name().equals(instance.state())) {
            throw OvmException.conflict(null, "instance " + instance.name() + " is " + instance.state() + ": start it to "
                    + what);
        }
        return instance;
    }

    /** A ticket for the text websocket ({@link #TERMINAL_PATH}): a terminal or a serial console. */
    private ConsoleTicket textTicket(Caller caller, InstanceView instance, String protocol, String topic, String what) {
        ConsoleTickets.Issued issued = tickets.issue(new ConsoleTarget(instance.id(), caller.username(),
                instance.vdcId(), protocol, null, 0, null, caller.userId()));
        events.publish(caller, topic, instance.id(), instance.vdcId(),
                what + " for instance " + instance.name() + " issued to " + caller.username());
        return new ConsoleTicket(issued.ticket(), instance.id(), protocol, TERMINAL_PATH + "?ticket="
                + issued.ticket(), issued.expiresAt().toString());
    }

    /**
     * The address the engine connects to for a console: the listen address itself, the
     * hypervisor host's address when the console listens on every address, or the loopback when
     * the hypervisor is this machine. A console bound to a remote host's loopback cannot be
     * reached (409, saying what to change).
     */
    static String address(String instanceName, ConsoleView console) {
        if (!"vnc".equals(console.protocol()) || console.port() <= 0) {
            throw OvmException.conflict(null, "instance " + instanceName + " has no VNC console (protocol "
                    + console.protocol() + ", port " + console.port() + ")");
        }
        String listen = console.listen() == null ? "" : console.listen();
        String host = console.hypervisorHost();
        boolean localHypervisor = host == null || host.isEmpty() || LOOPBACK.contains(host);
        if (ANY.contains(listen)) {
            return localHypervisor ? "127.0.0.1" : host;
        }
        if (LOOPBACK.contains(listen) && !localHypervisor) {
            throw OvmException.conflict(null, "the console of instance " + instanceName + " listens only on the "
                    + "loopback of host " + host + ", which the engine cannot reach: let its graphics listen on an "
                    + "address of the host (0.0.0.0 or the host's own address)");
        }
        return listen;
    }
}
