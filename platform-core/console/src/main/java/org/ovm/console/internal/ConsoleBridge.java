package org.ovm.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.websocket.CloseReason.CloseCodes;
import javax.websocket.Session;

import org.ovm.core.ConsoleTarget;
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
    private final Handshake handshake;

    ConsoleBridge(Session session, Socket socket, ConsoleTarget target, Runnable onClose) {
        this.session = session;
        this.socket = socket;
        this.target = target;
        this.onClose = onClose;
        this.handshake = target.password() == null ? null : new Handshake();
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
            if (handshake != null && !handshake.run(in)) {
                return;
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

    /**
     * The RFB 3.8 handshake with the proxy in the middle: the console asks for VNC authentication,
     * the proxy answers with the one-time password and offers the browser "no authentication", so
     * the password never leaves the engine. Runs on the pump thread before bytes flow freely.
     */
    private final class Handshake {
        private static final String VERSION = "RFB 003.008\n";
        private final java.util.concurrent.BlockingQueue<byte[]> held =
                new java.util.concurrent.LinkedBlockingQueue<>();
        private byte[] leftover = new byte[0];
        private boolean done;

        /** Keeps the browser's bytes while the handshake runs; false once they may go straight through. */
        synchronized boolean hold(ByteBuffer data) {
            if (done) {
                return false;
            }
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            held.add(bytes);
            return true;
        }

        /** True when the browser and the console are through; false when it failed (closed). */
        boolean run(InputStream in) throws IOException {
            byte[] version = readFully(in, 12);
            send(version);
            byte[] clientVersion = fromBrowser(12);
            if (!VERSION.equals(new String(version, StandardCharsets.US_ASCII))
                    || !VERSION.equals(new String(clientVersion, StandardCharsets.US_ASCII))) {
                return fail("the console proxy speaks RFB 3.8 only");
            }
            write(clientVersion);
            int count = in.read();
            if (count <= 0) {
                return fail("the console refused the connection");
            }
            byte[] types = readFully(in, count);
            if (!contains(types, (byte) 2)) {
                return fail("the console does not ask for VNC authentication");
            }
            send(new byte[] {1, 1}); // one type for the browser: None
            if (fromBrowser(1)[0] != 1) {
                return fail("the browser chose another security type than None");
            }
            write(new byte[] {2});
            write(VncAuthentication.response(target.password(), readFully(in, VncAuthentication.CHALLENGE_BYTES)));
            synchronized (this) {
                done = true;
                java.io.ByteArrayOutputStream rest = new java.io.ByteArrayOutputStream();
                rest.writeBytes(leftover);
                for (byte[] bytes = held.poll(); bytes != null; bytes = held.poll()) {
                    rest.writeBytes(bytes);
                }
                if (rest.size() > 0) {
                    write(rest.toByteArray());
                }
            }
            return true; // the console's SecurityResult and all after it flow to the browser
        }

        private byte[] fromBrowser(int count) throws IOException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (out.size() < count) {
                if (leftover.length == 0) {
                    try {
                        leftover = held.poll(HANDSHAKE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        leftover = null;
                    }
                    if (leftover == null) {
                        leftover = new byte[0];
                        throw new IOException("the browser did not answer the handshake");
                    }
                }
                int take = Math.min(count - out.size(), leftover.length);
                out.write(leftover, 0, take);
                leftover = java.util.Arrays.copyOfRange(leftover, take, leftover.length);
            }
            return out.toByteArray();
        }

        private boolean fail(String reason) {
            LOG.warn("console of instance {}: {}", target.instanceId(), reason);
            ConsoleProxy.close(session, CloseCodes.PROTOCOL_ERROR, reason);
            close();
            return false;
        }
    }

    private static byte[] readFully(InputStream in, int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new java.io.EOFException("the console closed during the handshake");
        }
        return bytes;
    }

    private static boolean contains(byte[] values, byte value) {
        for (byte b : values) {
            if (b == value) {
                return true;
            }
        }
        return false;
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            ConsoleProxy.closeQuietly(socket);
            onClose.run();
            LOG.info("console of instance {} closed", target.instanceId());
        }
    }
}
