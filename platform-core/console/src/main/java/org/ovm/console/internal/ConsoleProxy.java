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
import org.ovm.spi.engine.EngineEvent;
import org.ovm.spi.engine.EngineEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console proxy: a websocket whose binary messages are the bytes of a VNC (RFB) connection
 * to the instance's console on its hypervisor host, as noVNC expects. The connection is opened
 * with a one-time ticket from {@code POST /api/v1/instances/{id}/console/tickets} (browsers cannot
 * send an Authorization header on a websocket). One instance serves every connection.
 */
@ServerEndpoint(value = "/console/{kind}", configurator = OriginCheck.class)
public final class ConsoleProxy implements EngineEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleProxy.class);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** A console nobody types into and whose screen does not change is closed after this long. */
    private static final long IDLE_TIMEOUT_MS = 30 * 60_000L;

    private final ConsoleService consoles;
    private final Map<String, ConsoleBridge> bridges = new ConcurrentHashMap<>();
    private final TerminalSessions terminals;
    private final OpenConsoles<Session> open = new OpenConsoles<>();

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
        Object refused = session.getUserProperties().get(OriginCheck.REFUSED);
        if (refused != null) {
            LOG.warn("console websocket from origin {} refused: not this engine's page", refused);
            close(session, CloseCodes.VIOLATED_POLICY, "this console may be opened only from the engine's own pages");
            return;
        }
        if ("terminal".equals(kind)) {
            ConsoleTarget target = terminals.open(session);
            if (target != null) {
                open.add(session.getId(), session, target);
            }
            return;
        }
        if (!"ws".equals(kind)) {
            close(session, CloseCodes.CANNOT_ACCEPT, "no such console: use /console/ws or /console/terminal");
            return;
        }
        List<String> tickets = session.getRequestParameterMap().get("ticket");
        ConsoleTarget target = consoles.redeem(tickets == null || tickets.isEmpty() ? null : tickets.get(0));
        if (target == null || TerminalSessions.isText(target)) {
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
        open.add(session.getId(), session, target);
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
        open.remove(session.getId());
        terminals.closed(session);
        ConsoleBridge bridge = bridges.remove(session.getId());
        if (bridge != null) {
            bridge.close();
        }
    }

    @OnError
    public void failed(Session session, Throwable error) {
        open.remove(session.getId());
        terminals.closed(session);
        ConsoleBridge bridge = bridges.remove(session.getId());
        if (bridge != null) {
            LOG.debug("console of instance {}: {}", bridge.instanceId(), error.toString());
            bridge.close();
        }
    }

    /**
     * Closes the consoles and terminals of a deleted instance, and those a deleted user opened
     * (registered for the topics {@code instance/deleted} and {@code user/deleted}).
     */
    @Override
    public void onEvent(EngineEvent event) {
        String reason = event.topic().equals("user/deleted") ? "the user was deleted" : "the instance was deleted";
        for (Session session : open.endedBy(event.topic(), event.resourceId())) {
            LOG.info("closing console websocket {}: {}", session.getId(), reason);
            close(session, CloseCodes.VIOLATED_POLICY, reason);
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
