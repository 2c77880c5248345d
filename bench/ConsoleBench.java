// ConsoleBench.java - the console proxy of docs/benchmarks.md (P10): a VNC client (RFB 3.8,
// raw encoding) asks a running QEMU guest for full screens, directly over TCP (the raw
// backend) and through OVM's websocket console proxy (ticket + /console/ws), interleaved.
// Run by bench/console-bench.sh: java ConsoleBench.java API PASSWORD KVM_URI RUNS FRAMES
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ConsoleBench {

    static final String RAW_PASSWORD = "benchpw1";
    static String api;
    static String auth;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A byte channel to a VNC server: TCP or the proxy's websocket. */
    interface Channel extends AutoCloseable {
        InputStream in();

        void write(byte[] bytes) throws Exception;

        @Override
        void close();
    }

    static final class Tcp implements Channel {
        final Socket socket;

        Tcp(String host, int port) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setTcpNoDelay(true);
        }

        public InputStream in() {
            try {
                return socket.getInputStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public void write(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    /** The websocket's binary messages as one input stream. */
    static final class Ws implements Channel {
        final BlockingQueue<ByteBuffer> received = new LinkedBlockingQueue<>();
        volatile String closed;
        final WebSocket socket;
        final InputStream in = new InputStream() {
            ByteBuffer current = ByteBuffer.allocate(0);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                try {
                    while (!current.hasRemaining()) {
                        if (closed != null && received.isEmpty()) {
                            throw new IOException("the proxy " + closed);
                        }
                        current = received.poll(30, TimeUnit.SECONDS);
                        if (current == null) {
                            throw new IOException("no data from the proxy for 30 s");
                        }
                    }
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                int n = Math.min(len, current.remaining());
                current.get(b, off, n);
                return n;
            }
        };

        Ws(String url) throws Exception {
            socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
                    copy.put(data).flip();
                    received.add(copy);
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                    closed = "closed " + code + " " + reason;
                    received.add(ByteBuffer.allocate(0));
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
        }

        public InputStream in() {
            return in;
        }

        public void write(byte[] bytes) {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        }

        public void close() {
            socket.abort();
        }
    }

    /** Just enough RFB 3.8 for full-screen raw updates. */
    static final class Rfb {
        final Channel channel;
        final DataInputStream in;
        int width;
        int height;
        int bytesPerPixel;

        Rfb(Channel channel) throws Exception {
            this(channel, null);
        }

        /** Connects; answers VNC authentication with {@code password} when the server asks for it. */
        Rfb(Channel channel, String password) throws Exception {
            this.channel = channel;
            this.in = new DataInputStream(channel.in());
            byte[] version = in.readNBytes(12);
            if (!new String(version, StandardCharsets.US_ASCII).startsWith("RFB 003.")) {
                throw new IllegalStateException("not a VNC server: " + new String(version, StandardCharsets.US_ASCII));
            }
            channel.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            int types = in.readUnsignedByte();
            if (types == 0) {
                throw new IllegalStateException("refused: " + new String(in.readNBytes(in.readInt())));
            }
            byte[] offered = in.readNBytes(types);
            boolean none = false;
            boolean vncAuth = false;
            for (byte type : offered) {
                none |= type == 1;
                vncAuth |= type == 2;
            }
            if (none) {
                channel.write(new byte[] {1});
            } else if (vncAuth && password != null) {
                channel.write(new byte[] {2});
                channel.write(vncResponse(password, in.readNBytes(16)));
            } else {
                throw new IllegalStateException("the VNC server wants authentication");
            }
            if (in.readInt() != 0) {
                throw new IllegalStateException("security handshake failed");
            }
            channel.write(new byte[] {1}); // shared
            width = in.readUnsignedShort();
            height = in.readUnsignedShort();
            byte[] format = in.readNBytes(16);
            bytesPerPixel = (format[0] & 0xff) / 8;
            in.readNBytes(in.readInt()); // desktop name
            channel.write(new byte[] {2, 0, 0, 1, 0, 0, 0, 0}); // SetEncodings: raw only
        }

        /** Asks for the whole screen and reads the update; its payload bytes. */
        long fullScreen() throws Exception {
            channel.write(new byte[] {3, 0, 0, 0, 0, 0, (byte) (width >> 8), (byte) width, (byte) (height >> 8),
                    (byte) height});
            while (true) {
                int type = in.readUnsignedByte();
                switch (type) {
                    case 0 -> {
                        in.readUnsignedByte();
                        int rects = in.readUnsignedShort();
                        long bytes = 0;
                        for (int r = 0; r < rects; r++) {
                            in.readUnsignedShort();
                            in.readUnsignedShort();
                            int w = in.readUnsignedShort();
                            int h = in.readUnsignedShort();
                            int encoding = in.readInt();
                            if (encoding != 0) {
                                throw new IllegalStateException("asked for raw, got encoding " + encoding);
                            }
                            long pixels = (long) w * h * bytesPerPixel;
                            in.skipNBytes(pixels);
                            bytes += pixels;
                        }
                        return bytes;
                    }
                    case 2 -> { } // bell
                    case 3 -> {
                        in.readNBytes(3);
                        in.readNBytes(in.readInt());
                    }
                    default -> throw new IllegalStateException("unexpected server message " + type);
                }
            }
        }
    }

    /** RFB's VNC authentication: DES over the challenge, keyed by the password with each byte's bits mirrored. */
    static byte[] vncResponse(String password, byte[] challenge) throws Exception {
        byte[] key = new byte[8];
        byte[] bytes = password.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 8 && i < bytes.length; i++) {
            key[i] = (byte) (Integer.reverse(bytes[i] & 0xff) >>> 24);
        }
        javax.crypto.Cipher des = javax.crypto.Cipher.getInstance("DES/ECB/NoPadding");
        des.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "DES"));
        return des.doFinal(challenge);
    }

    /**
     * Gives the guest's VNC a password of the benchmark's own (OVM sets one per ticket and tells
     * nobody), so that the raw client can connect straight to it.
     */
    static void setRawPassword(String uri, String domain, String password) throws Exception {
        String xml = run("virsh", "-c", uri, "dumpxml", domain);
        Matcher graphics = Pattern.compile("<graphics type='vnc'.*?</graphics>", Pattern.DOTALL).matcher(xml);
        if (!graphics.find()) {
            throw new IllegalStateException("no VNC graphics in " + domain);
        }
        String element = graphics.group().replaceAll(" passwd(ValidTo)?='[^']*'", "")
                .replaceFirst("<graphics type='vnc'", "<graphics type='vnc' passwd='" + password + "'");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("graphics", ".xml");
        try {
            java.nio.file.Files.writeString(file, element);
            run("virsh", "-c", uri, "update-device", domain, file.toString(), "--live");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + output);
        }
        return output;
    }

    static String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(120));
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*(\"([^\"]*)\"|(-?\\d+))").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    static void awaitTask(String reply) throws Exception {
        String id = field(reply, "id");
        String state;
        do {
            state = field(send("GET", "/tasks/" + id + "?wait=30", null), "state");
        } while (state.equals("QUEUED") || state.equals("RUNNING"));
        if (!state.equals("SUCCEEDED")) {
            throw new IllegalStateException("task " + id + " ended " + state);
        }
    }

    record Run(double setupMs, double frameMs, long frameBytes) {
    }

    static Run measure(Channel channel, String password, long setupStart, int frames) throws Exception {
        try (channel) {
            Rfb rfb = new Rfb(channel, password);
            double setup = (System.nanoTime() - setupStart) / 1e6;
            rfb.fullScreen(); // warm: the first update may wait for the guest's first paint
            long bytes = 0;
            long start = System.nanoTime();
            for (int i = 0; i < frames; i++) {
                bytes = rfb.fullScreen();
            }
            return new Run(setup, (System.nanoTime() - start) / 1e6 / frames, bytes);
        }
    }

    static String stats(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("%.2f (%.2f-%.2f)", sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    public static void main(String[] args) throws Exception {
        api = args[0];
        auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[1]).getBytes(StandardCharsets.UTF_8));
        String uri = args[2];
        int runs = Integer.parseInt(args[3]);
        int frames = Integer.parseInt(args[4]);
        String engine = api.replace("http:", "ws:").replace("/api/v1", "");

        awaitTask(send("POST", "/plugins/ovm-plugin-kvm/install", null));
        String hostReply = send("POST", "/hosts", "{\"name\": \"bench-kvm\", \"type\": \"kvm\", \"uri\": \"" + uri
                + "\", \"settings\": {\"domainType\": \"qemu\"}}");
        awaitTask(hostReply);
        String hostId = field(hostReply, "resourceId");
        String name = "console-bench-" + Long.toHexString(System.nanoTime());
        String created = send("POST", "/instances", "{\"name\": \"" + name + "\", \"cpus\": 1, \"memoryMiB\": 64, "
                + "\"hostId\": \"" + hostId + "\", \"start\": true}");
        awaitTask(created);
        String instance = field(created, "resourceId");
        try {
            String console = send("GET", "/instances/" + instance + "/console", null);
            String listen = field(console, "listen");
            int port = Integer.parseInt(field(console, "port"));
            Thread.sleep(3000); // SeaBIOS has painted
            List<Double> rawSetup = new ArrayList<>();
            List<Double> rawFrame = new ArrayList<>();
            List<Double> ovmSetup = new ArrayList<>();
            List<Double> ovmFrame = new ArrayList<>();
            long frameBytes = 0;
            for (int run = 0; run < runs; run++) {
                setRawPassword(uri, name, RAW_PASSWORD); // each ticket replaced the previous password
                long start = System.nanoTime();
                Run raw = measure(new Tcp(listen, port), RAW_PASSWORD, start, frames);
                rawSetup.add(raw.setupMs());
                rawFrame.add(raw.frameMs());
                start = System.nanoTime();
                String path = field(send("POST", "/instances/" + instance + "/console/tickets", null), "path");
                Run ovm = measure(new Ws(engine + path), null, start, frames);
                ovmSetup.add(ovm.setupMs());
                ovmFrame.add(ovm.frameMs());
                frameBytes = ovm.frameBytes();
            }
            System.out.printf("guest screen: %d bytes per full raw update; %d runs of %d updates%n", frameBytes, runs,
                    frames);
            System.out.printf("| open the console (connect + RFB handshake) | %s ms | %s ms | %.2f |%n", stats(ovmSetup),
                    stats(rawSetup), median(ovmSetup) / median(rawSetup));
            System.out.printf("| one full-screen update | %s ms | %s ms | %.2f |%n", stats(ovmFrame), stats(rawFrame),
                    median(ovmFrame) / median(rawFrame));
            System.out.printf("throughput: OVM %.0f MB/s, raw %.0f MB/s%n", frameBytes / median(ovmFrame) / 1000,
                    frameBytes / median(rawFrame) / 1000);
        } finally {
            awaitTask(send("DELETE", "/instances/" + instance, null));
        }
    }
}
