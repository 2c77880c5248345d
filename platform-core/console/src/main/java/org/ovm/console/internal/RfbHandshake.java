package org.ovm.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The RFB 3.8 handshake with the proxy in the middle: the console asks for VNC authentication,
 * the proxy answers with the one-time password and offers the browser "no authentication", so
 * the password never leaves the engine. The browser's bytes that arrive meanwhile are held and
 * handed on in order once the handshake is through.
 */
final class RfbHandshake {

    /** Where bytes go: the browser (a binary message) or the console (its socket). */
    interface Sink {
        void accept(byte[] bytes) throws IOException;
    }

    /** The handshake could not be completed; the reason is fit for a websocket close frame. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason);
        }
    }

    static final String VERSION = "RFB 003.008\n";
    private static final byte NONE = 1;
    private static final byte VNC_AUTHENTICATION = 2;

    private final String password;
    private final int timeoutSeconds;
    private final BlockingQueue<byte[]> held = new LinkedBlockingQueue<>();
    private byte[] leftover = new byte[0];
    private boolean done;

    RfbHandshake(String password, int timeoutSeconds) {
        this.password = password;
        this.timeoutSeconds = timeoutSeconds;
    }

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

    /**
     * Runs the handshake: reads the console, sends to the browser and the console. Afterwards the
     * console's SecurityResult and all that follows flow to the browser unchanged.
     */
    void run(InputStream console, Sink toBrowser, Sink toConsole) throws IOException {
        byte[] version = readFully(console, 12);
        toBrowser.accept(version);
        byte[] clientVersion = fromBrowser(12);
        if (!VERSION.equals(new String(version, StandardCharsets.US_ASCII))
                || !VERSION.equals(new String(clientVersion, StandardCharsets.US_ASCII))) {
            throw new Refused("the console proxy speaks RFB 3.8 only");
        }
        toConsole.accept(clientVersion);
        int count = console.read();
        if (count <= 0) {
            throw new Refused("the console refused the connection");
        }
        byte[] types = readFully(console, count);
        if (!contains(types, VNC_AUTHENTICATION)) {
            throw new Refused("the console does not ask for VNC authentication");
        }
        toBrowser.accept(new byte[] {1, NONE});
        if (fromBrowser(1)[0] != NONE) {
            throw new Refused("the browser chose another security type than None");
        }
        toConsole.accept(new byte[] {VNC_AUTHENTICATION});
        toConsole.accept(VncAuthentication.response(password,
                readFully(console, VncAuthentication.CHALLENGE_BYTES)));
        synchronized (this) {
            done = true;
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.writeBytes(leftover);
            for (byte[] bytes = held.poll(); bytes != null; bytes = held.poll()) {
                rest.writeBytes(bytes);
            }
            if (rest.size() > 0) {
                toConsole.accept(rest.toByteArray());
            }
        }
    }

    private byte[] fromBrowser(int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < count) {
            if (leftover.length == 0) {
                byte[] next;
                try {
                    next = held.poll(timeoutSeconds, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    next = null;
                }
                if (next == null) {
                    throw new Refused("the browser did not answer the handshake");
                }
                leftover = next;
            }
            int take = Math.min(count - out.size(), leftover.length);
            out.write(leftover, 0, take);
            leftover = Arrays.copyOfRange(leftover, take, leftover.length);
        }
        return out.toByteArray();
    }

    private static byte[] readFully(InputStream in, int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new EOFException("the console closed during the handshake");
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
}
