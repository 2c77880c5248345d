package org.ovm.itests.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A client of the engine's terminal websocket, as the portal's xterm.js page uses it. */
public final class TerminalSocket implements AutoCloseable {

    private final WebSocket socket;
    private final StringBuffer screen = new StringBuffer();
    private final CompletableFuture<String> closed = new CompletableFuture<>();

    private TerminalSocket(String url) throws Exception {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        screen.append(StandardCharsets.UTF_8.decode(data));
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        closed.complete(code + " " + reason);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.complete("error " + error);
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    /** Opens {@code ws://.../console/terminal?ticket=...}. */
    public static TerminalSocket open(String url) throws Exception {
        return new TerminalSocket(url);
    }

    /**
     * A guest's serial console through the engine (a ticket, then the websocket), once its shell answers
     * (the tiny guest's boot may still be printing: up to two minutes).
     */
    public static TerminalSocket serial(Distribution dist, String instanceId) throws Exception {
        Api.Reply ticket = dist.api().post("/instances/" + instanceId + "/serial/tickets", null);
        if (ticket.status() != 201) {
            throw new AssertionError("no serial console ticket for " + instanceId + ": " + ticket.status() + " "
                    + ticket.body());
        }
        String engine = dist.baseUrl().replaceFirst("^http", "ws").replace("/api/v1", "");
        TerminalSocket console = open(engine + ticket.text("path"));
        String screen = console.typeUntil("echo up-$((6*7))\r", "up-42", Duration.ofSeconds(120));
        if (!screen.contains("up-42")) {
            console.close();
            throw new AssertionError("the guest's shell did not answer on its serial console: " + screen);
        }
        return console;
    }

    /** Sends keystrokes. */
    public void type(String keys) throws Exception {
        String escaped = keys.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n");
        socket.sendText("{\"type\":\"input\",\"data\":\"" + escaped + "\"}", true).get(10, TimeUnit.SECONDS);
    }

    public void resize(int columns, int rows) throws Exception {
        socket.sendText("{\"type\":\"resize\",\"cols\":" + columns + ",\"rows\":" + rows + "}", true)
                .get(10, TimeUnit.SECONDS);
    }

    /** Waits until the screen shows {@code text}; the screen so far. */
    public String await(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!screen.toString().contains(text) && System.nanoTime() < deadline && !closed.isDone()) {
            Thread.sleep(50);
        }
        return screen.toString();
    }

    /**
     * Types {@code line} every few seconds (a guest may still be booting) until the screen shows
     * {@code answer}; the screen.
     */
    public String typeUntil(String line, String answer, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String screen = "";
        while (!screen.contains(answer) && System.nanoTime() < deadline) {
            type(line);
            screen = await(answer, Duration.ofSeconds(3));
        }
        return screen;
    }

    /** How the engine closed the socket ({@code CODE REASON}), waiting for it. */
    public String closedWith(Duration timeout) throws Exception {
        return closed.get(timeout.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
