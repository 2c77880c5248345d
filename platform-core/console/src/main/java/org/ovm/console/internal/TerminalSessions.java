package org.ovm.console.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.websocket.CloseReason.CloseCodes;
import javax.websocket.Session;

import org.ovm.core.OvmException;
import org.ovm.core.console.ConsoleService;
import org.ovm.core.console.ConsoleTarget;
import org.ovm.core.console.TerminalSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminals of the console proxy ({@code /console/terminal}): a websocket bridged to a shell
 * with a TTY in a running instance (a container), opened with a one-time ticket from
 * {@code POST /api/v1/instances/{id}/terminal/tickets}, or to a virtual machine's serial port, with
 * a ticket from {@code POST /api/v1/instances/{id}/serial/tickets}. The browser sends text frames
 * ({@link TerminalFrames}: keystrokes and sizes; a serial port ignores sizes); the output comes back
 * as binary frames. The socket closes when the shell exits or the serial console ends (the guest
 * stopped, another client took the port over); closing the socket closes the shell or the stream.
 */
final class TerminalSessions {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalSessions.class);
    private static final long IDLE_TIMEOUT_MS = 30 * 60_000L;
    private static final int DEFAULT_COLUMNS = 80;
    private static final int DEFAULT_ROWS = 24;
    /** Ticket protocols (the kernel's {@code ConsoleServiceImpl.TERMINAL} and {@code SERIAL}). */
    private static final String TERMINAL = "terminal";
    private static final String SERIAL = "serial";

    private final ConsoleService consoles;
    private final Map<String, TerminalSession> terminals = new ConcurrentHashMap<>();

    TerminalSessions(ConsoleService consoles) {
        this.consoles = consoles;
    }

    /** Opens the terminal the session's ticket names; returns its target, or null when it closed the session. */
    ConsoleTarget open(Session session) {
        List<String> tickets = session.getRequestParameterMap().get("ticket");
        ConsoleTarget target = consoles.redeem(tickets == null || tickets.isEmpty() ? null : tickets.get(0));
        if (target == null || !isText(target)) {
            ConsoleProxy.close(session, CloseCodes.VIOLATED_POLICY, "unknown, used or expired ticket: ask for a new one");
            return null;
        }
        session.setMaxIdleTimeout(IDLE_TIMEOUT_MS);
        session.setMaxTextMessageBufferSize(TerminalFrames.MAX_MESSAGE);
        TerminalSession terminal;
        try {
            terminal = consoles.openTerminal(target, DEFAULT_COLUMNS, DEFAULT_ROWS, bytes -> send(session, bytes));
        } catch (OvmException e) {
            ConsoleProxy.close(session, CloseCodes.TRY_AGAIN_LATER, truncate(e.getMessage()));
            return null;
        }
        terminals.put(session.getId(), terminal);
        boolean serial = SERIAL.equals(target.protocol());
        terminal.closed().whenComplete((v, e) -> {
            terminals.remove(session.getId());
            ConsoleProxy.close(session, CloseCodes.NORMAL_CLOSURE, serial
                    ? "the serial console ended (the guest stopped, or another client took it over)" : "the shell exited");
        });
        LOG.info("{} of instance {} opened by {}", serial ? "serial console" : "terminal", target.instanceId(),
                target.username());
        return target;
    }

    /** Whether a ticket opens this websocket: a terminal or a serial console (not a VNC console). */
    static boolean isText(ConsoleTarget target) {
        return TERMINAL.equals(target.protocol()) || SERIAL.equals(target.protocol());
    }

    void fromBrowser(String message, Session session) {
        TerminalSession terminal = terminals.get(session.getId());
        TerminalFrames.Frame frame = TerminalFrames.parse(message);
        if (terminal == null || frame == null) {
            return;
        }
        if (frame.type().equals("resize")) {
            terminal.resize(frame.columns(), frame.rows());
            return;
        }
        try {
            terminal.write(frame.data().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("terminal: writing: {}", e.toString());
            ConsoleProxy.close(session, CloseCodes.GOING_AWAY, "the shell is gone");
        }
    }

    void closed(Session session) {
        TerminalSession terminal = terminals.remove(session.getId());
        if (terminal != null) {
            terminal.close();
        }
    }

    /** Closes every open terminal (the bundle is stopping). */
    void closeAll() {
        terminals.values().forEach(TerminalSession::close);
        terminals.clear();
    }

    private static void send(Session session, byte[] bytes) {
        if (!session.isOpen()) {
            return;
        }
        try {
            synchronized (session) {
                session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes));
            }
        } catch (IOException | IllegalStateException e) {
            LOG.debug("terminal: sending: {}", e.toString());
        }
    }

    /** A close reason is at most 123 bytes. */
    private static String truncate(String reason) {
        String r = reason == null ? "the terminal could not be opened" : reason;
        return r.length() > 120 ? r.substring(0, 117) + "..." : r;
    }
}
