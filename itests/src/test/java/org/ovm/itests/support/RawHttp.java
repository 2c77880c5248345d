package org.ovm.itests.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection ({@code Connection: close}), for
 * requests {@code java.net.http} refuses to send: raw {@code {}, {@code }} or non-ASCII bytes
 * in the request line, wrong or missing content types, bodies that contradict the method.
 * Every failure to get an answer is reported, never thrown: a test decides what it means.
 */
public final class RawHttp {

    /** Answer bodies are kept up to this size (the rest is read and dropped). */
    private static final int KEPT_BODY_BYTES = 64 * 1024;
    /** Bodies larger than this are written by a second thread while the answer is read. */
    private static final int INLINE_BODY_BYTES = 64 * 1024;

    private final String host;
    private final int port;
    private final Duration timeout;

    /** A client for {@code host:port}; {@code timeout} bounds the connect and every read. */
    public RawHttp(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /**
     * What came back. {@code failure} is null when a status line and the headers arrived, else
     * what happened instead ({@code "no answer within 10 s"}, {@code "connection reset before the
     * answer"}, ...). Header names are lower case.
     */
    public record Answer(int status, Map<String, String> headers, String body, String failure, long millis) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String contentType() {
            String type = header("content-type");
            return type == null ? "" : type;
        }
    }

    /**
     * Sends {@code method target} (the target exactly as given: nothing is encoded) with the
     * headers and body, and reads the answer.
     */
    public Answer exchange(String method, String target, Map<String, String> headers, byte[] body) {
        long t0 = System.nanoTime();
        StringBuilder head = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n").append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            Thread writer = null;
            if (body != null && body.length > INLINE_BODY_BYTES) {
                // the server may answer (413) without reading it: read the answer meanwhile
                writer = new Thread(() -> {
                    try {
                        for (int off = 0; off < body.length; off += INLINE_BODY_BYTES) {
                            out.write(body, off, Math.min(INLINE_BODY_BYTES, body.length - off));
                        }
                        out.flush();
                    } catch (IOException refused) {
                        // the server closed the connection after answering: expected for a refused body
                    }
                }, "raw-http-body");
                writer.setDaemon(true);
                writer.start();
            } else {
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            }
            Answer answer = read(new BufferedInputStream(socket.getInputStream()), t0);
            if (writer != null) {
                writer.join(timeout.toMillis());
            }
            return answer;
        } catch (SocketTimeoutException e) {
            return failed("no connection within " + timeout.toSeconds() + " s", t0);
        } catch (IOException e) {
            return failed("could not send the request: " + e, t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted", t0);
        }
    }

    private Answer read(InputStream in, long t0) {
        String statusLine;
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            statusLine = line(in);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                return failed("not an HTTP status line: " + statusLine, t0);
            }
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
                }
            }
        } catch (SocketTimeoutException e) {
            return failed("no answer within " + timeout.toSeconds() + " s", t0);
        } catch (EOFException e) {
            return failed("connection closed without an answer", t0);
        } catch (SocketException e) {
            return failed(String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("reset")
                    ? "connection reset before the answer" : "connection failed before the answer: " + e, t0);
        } catch (IOException e) {
            return failed("reading the answer failed: " + e, t0);
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            return failed("not an HTTP status line: " + statusLine, t0);
        }
        String failure = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            readBody(in, headers, body);
        } catch (SocketTimeoutException e) {
            failure = "the answer's body did not end within " + timeout.toSeconds() + " s";
        } catch (IOException e) {
            // the status and headers arrived; a connection closed hard after them (the server
            // refusing a body it did not read) is not a failure to answer
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8), failure,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static void readBody(InputStream in, Map<String, String> headers, ByteArrayOutputStream body)
            throws IOException {
        String length = headers.get("content-length");
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    return;
                }
                copy(in, body, n);
                line(in);
            }
        } else if (length != null) {
            copy(in, body, Long.parseLong(length.trim()));
        } else {
            copy(in, body, Long.MAX_VALUE);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream body, long n) throws IOException {
        byte[] buffer = new byte[8192];
        long left = n;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                return;
            }
            if (body.size() < KEPT_BODY_BYTES) {
                body.write(buffer, 0, Math.min(read, KEPT_BODY_BYTES - body.size()));
            }
            left -= read;
        }
    }

    /** One line without its CRLF; EOFException when the stream ends before any byte of it. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        if (line.size() == 0) {
            throw new EOFException();
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static Answer failed(String what, long t0) {
        return new Answer(0, Map.of(), "", what, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The status line and headers of an answer on a socket's input (up to the blank line). */
    public static String head(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return b.toString();
    }
}
