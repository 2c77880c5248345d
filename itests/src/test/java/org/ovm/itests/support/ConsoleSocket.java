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
}
