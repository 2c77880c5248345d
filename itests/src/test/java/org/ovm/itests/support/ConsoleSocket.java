package org.ovm.itests.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A plain websocket client for the console proxy (the JDK's). */
public final class ConsoleSocket {

    private ConsoleSocket() {
    }

    /**
     * Opens the websocket and returns the first binary message as text, or {@code closed CODE
     * REASON} if the engine closes it first.
     */
    public static String firstMessage(String url) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        first.complete(StandardCharsets.ISO_8859_1.decode(data).toString());
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        first.complete("closed " + code + " " + reason);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        first.completeExceptionally(error);
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            return first.get(10, TimeUnit.SECONDS);
        } finally {
            socket.abort();
        }
    }

    /** The security types a VNC server offers an RFB 3.8 client connecting straight to it. */
    public static java.util.List<Integer> securityTypes(String host, int port) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(host, port)) {
            socket.setSoTimeout(5000);
            var in = new java.io.DataInputStream(socket.getInputStream());
            in.readNBytes(12);
            socket.getOutputStream().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            int count = in.readUnsignedByte();
            java.util.List<Integer> types = new java.util.ArrayList<>();
            for (byte type : in.readNBytes(count)) {
                types.add(type & 0xff);
            }
            return types;
        }
    }

    /**
     * Goes through the RFB 3.8 handshake over the proxy's websocket as noVNC does (the proxy offers
     * None) and returns the console's SecurityResult: 0 when the proxy's password was accepted.
     */
    public static int securityResult(String url) throws Exception {
        java.util.concurrent.BlockingQueue<Byte> bytes = new java.util.concurrent.LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        while (data.hasRemaining()) {
                            bytes.add(data.get());
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            byte[] version = take(bytes, 12);
            if (!new String(version, StandardCharsets.US_ASCII).startsWith("RFB 003.008")) {
                throw new AssertionError("not RFB 3.8: " + new String(version, StandardCharsets.US_ASCII));
            }
            socket.sendBinary(ByteBuffer.wrap("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)), true).join();
            byte[] types = take(bytes, take(bytes, 1)[0]);
            if (types.length != 1 || types[0] != 1) {
                throw new AssertionError("the proxy should offer only None, offered " + java.util.Arrays.toString(types));
            }
            socket.sendBinary(ByteBuffer.wrap(new byte[] {1}), true).join();
            return ByteBuffer.wrap(take(bytes, 4)).getInt();
        } finally {
            socket.abort();
        }
    }

    private static byte[] take(java.util.concurrent.BlockingQueue<Byte> bytes, int count) throws Exception {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            Byte b = bytes.poll(10, TimeUnit.SECONDS);
            if (b == null) {
                throw new AssertionError("the console proxy sent " + i + " of " + count + " bytes");
            }
            out[i] = b;
        }
        return out;
    }
}
