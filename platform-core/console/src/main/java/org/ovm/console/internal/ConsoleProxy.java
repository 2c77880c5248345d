package org.ovm.console.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.websocket.CloseReason;
import javax.websocket.CloseReason.CloseCodes;
import javax.websocket.OnClose;
import javax.websocket.OnError;
import javax.websocket.OnMessage;
import javax.websocket.OnOpen;
import javax.websocket.Session;
import javax.websocket.server.PathParam;
import javax.websocket.server.ServerEndpoint;

import org.ovm.core.console.ConsoleService;
import org.ovm.core.console.ConsoleTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console proxy: a websocket whose binary messages are the bytes of a VNC (RFB) connection
 * to the instance's console on its hypervisor host, as noVNC expects. The connection is opened
 * with a one-time ticket from {@code POST /api/v1/instances/{id}/console/tickets} (browsers cannot
 * send an Authorization header on a websocket). One instance serves every connection.
 */
@ServerEndpoint("/console/{kind}")
public final class ConsoleProxy {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleProxy.class);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** A console nobody types into and whose screen does not change is closed after this long. */
    private static final long IDLE_TIMEOUT_MS = 30 * 60_000L;

    private final ConsoleService consoles;
    private final Map<String, ConsoleBridge> bridges = new ConcurrentHashMap<>();
    private final TerminalSessions terminals;

    public ConsoleProxy(ConsoleService consoles) {
        this.consoles = consoles;
        this.terminals = new TerminalSessions(consoles);
    }

    /**
     * {@code /console/ws}: a VNC console; {@code /console/terminal}: a terminal ({@link
     * TerminalSessions}). One endpoint serves both, so the web container is reconfigured once.
     */
    @OnOpen
    public void open(Session session, @PathParam("kind") String kind) {
        if ("terminal".equals(kind)) {
            terminals.open(session);
            return;
        }
        if (!"ws".equals(kind)) {
            close(session, CloseCodes.CANNOT_ACCEPT, "no such console: use /console/ws or /console/terminal");
            return;
        }
        List<String> tickets = session.getRequestParameterMap().get("ticket");
        ConsoleTarget target = consoles.redeem(tickets == null || tickets.isEmpty() ? null : tickets.get(0));
        if (target == null || "terminal".equals(target.protocol())) {
            close(session, CloseCodes.VIOLATED_POLICY, "unknown, used or expired ticket: ask for a new one");
            return;
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(target.address(), target.port()), CONNECT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            LOG.warn("console of instance {}: cannot reach {}:{}: {}", target.instanceId(), target.address(),
                    target.port(), e.getMessage());
            closeQuietly(socket);
            close(session, CloseCodes.TRY_AGAIN_LATER, "the console does not answer on its host: try again");
            return;
        }
        session.setMaxIdleTimeout(IDLE_TIMEOUT_MS);
        ConsoleBridge bridge = new ConsoleBridge(session, socket, target, () -> bridges.remove(session.getId()));
        bridges.put(session.getId(), bridge);
        bridge.start();
        LOG.info("console of instance {} opened by {} ({}:{})", target.instanceId(), target.username(),
                target.address(), target.port());
    }

    @OnMessage
    public void fromBrowser(ByteBuffer data, Session session) {
        ConsoleBridge bridge = bridges.get(session.getId());
        if (bridge != null) {
            bridge.toConsole(data);
        }
    }

    /** Keystrokes and sizes for a terminal. */
    @OnMessage
    public void fromBrowser(String message, Session session) {
        terminals.fromBrowser(message, session);
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        terminals.closed(session);
        ConsoleBridge bridge = bridges.remove(session.getId());
        if (bridge != null) {
            bridge.close();
        }
    }

    @OnError
    public void failed(Session session, Throwable error) {
        terminals.closed(session);
        ConsoleBridge bridge = bridges.remove(session.getId());
        if (bridge != null) {
            LOG.debug("console of instance {}: {}", bridge.instanceId(), error.toString());
            bridge.close();
        }
    }

    /** Closes every open console (the bundle is stopping). */
    public void closeAll() {
        terminals.closeAll();
        bridges.values().forEach(ConsoleBridge::close);
        bridges.clear();
    }

    static void close(Session session, CloseCodes code, String reason) {
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException e) {
            LOG.debug("closing a console websocket: {}", e.toString());
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing a console socket: {}", e.toString());
        }
    }
}
