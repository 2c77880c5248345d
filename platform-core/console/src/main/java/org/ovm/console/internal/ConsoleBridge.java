package org.ovm.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.websocket.CloseReason.CloseCodes;
import javax.websocket.Session;

import org.ovm.core.console.ConsoleTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open console: bytes from the browser go to the console's socket as they arrive; a thread
 * of its own copies the console's bytes to the browser as binary messages. Either side closing
 * closes both.
 */
final class ConsoleBridge {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleBridge.class);
    private static final int CHUNK = 64 * 1024;
    private static final int HANDSHAKE_SECONDS = 30;

    private final Session session;
    private final Socket socket;
    private final ConsoleTarget target;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** While the proxy answers the console's password, the browser's bytes wait here. */
    private final RfbHandshake handshake;

    ConsoleBridge(Session session, Socket socket, ConsoleTarget target, Runnable onClose) {
        this.session = session;
        this.socket = socket;
        this.target = target;
        this.onClose = onClose;
        this.handshake = target.password() == null ? null : new RfbHandshake(target.password(), HANDSHAKE_SECONDS);
    }

    String instanceId() {
        return target.instanceId();
    }

    void start() {
        Thread pump = new Thread(this::toBrowser, "ovm-console-" + target.instanceId());
        pump.setDaemon(true);
        pump.start();
    }

    void toConsole(ByteBuffer data) {
        if (handshake != null && handshake.hold(data)) {
            return;
        }
        try {
            OutputStream out = socket.getOutputStream();
            if (data.hasArray()) {
                out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            } else {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                out.write(bytes);
            }
            out.flush();
        } catch (IOException e) {
            LOG.debug("console of instance {}: writing: {}", target.instanceId(), e.toString());
            ConsoleProxy.close(session, CloseCodes.GOING_AWAY, "the console closed");
            close();
        }
    }

    private void toBrowser() {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = socket.getInputStream()) {
            if (handshake != null) {
                try {
                    handshake.run(in, this::send, this::write);
                } catch (RfbHandshake.Refused e) {
                    LOG.warn("console of instance {}: {}", target.instanceId(), e.getMessage());
                    ConsoleProxy.close(session, CloseCodes.PROTOCOL_ERROR, e.getMessage());
                    return;
                }
            }
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (read > 0) {
                    session.getBasicRemote().sendBinary(ByteBuffer.wrap(buffer, 0, read));
                }
            }
            ConsoleProxy.close(session, CloseCodes.NORMAL_CLOSURE, "the console closed");
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("console of instance {}: reading: {}", target.instanceId(), e.toString());
                ConsoleProxy.close(session, CloseCodes.GOING_AWAY, "the console connection broke");
            }
        } finally {
            close();
        }
    }

    private void send(byte[] bytes) throws IOException {
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes));
    }

    private void write(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            ConsoleProxy.closeQuietly(socket);
            onClose.run();
            LOG.info("console of instance {} closed", target.instanceId());
        }
    }
}
