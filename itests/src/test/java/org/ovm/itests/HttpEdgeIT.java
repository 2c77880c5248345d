package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.RawHttp;

/**
 * The engine's HTTP edge and transport (issue 13, F1 second half, F3, F12): what every request
 * passes before any servlet, and how the engine is reached, on a distribution of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEdgeIT {

    private Distribution dist;
    private Api api;

    @BeforeAll
    void boot() throws Exception {
        dist = Distribution.unpack("http-edge", 42000);
        dist.start();
        api = dist.api();
    }

    @AfterAll
    void stop() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }

    /**
     * F12: a raw '{' in the path was a 500 before authentication with 5 kB of stack trace in the
     * log per request. Now: a 400 problem+json that says how to encode it, and nothing logged.
     */
    @Test
    void anUnparsablePathIsA400BeforeAuthenticationAndLogsNothing() throws Exception {
        Path log = dist.home().resolve("data/log/karaf.log");
        long before = Files.size(log);
        for (int i = 0; i < 50; i++) {
            String answer = exchange(null, "GET /api/v1/clusters/{" + i + "} HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("application/problem+json", "percent-encode it as %7B", "INVALID_INPUT");
        }
        assertThat(exchange(null, "GET /api/v1/zones?q=a|b HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400")
                .contains("%7C");
        // a '%' without two hex digits: Jetty itself refuses it (400, its own short page), before OVM
        assertThat(exchange(null, "GET /api/v1/clusters/%zz HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400");
        // before, each wrote a 5 kB stack trace to the log; now nothing is logged about them
        String logged = Files.readString(log).substring((int) before);
        assertThat(logged).doesNotContain("Illegal character", "URISyntaxException", "clusters/{");
        // the same path percent-encoded reaches the API: authentication first, then 404
        assertThat(api.get("/clusters/%7Bid%7D").status()).isEqualTo(404);
    }

    /**
     * F1 (second half): authenticated clients that declare a body and send it slowly or not at
     * all. A client holds at most 64 connections at once (the next gets 429 at once), every other
     * client keeps being served, a stalled body ends in 408 within the 10 s read limit, and a
     * trickled one as soon as it falls under 1 KiB/s; the slots come back afterwards.
     */
    @Test
    void slowBodiesAreCutOffAndOneClientCannotHoldTheServer() throws Exception {
        String token = api.post("/auth/tokens", null).text("token");
        String post = "POST /api/v1/vdcs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{";
        // 127.0.0.1 (the machine's own tools, a local reverse proxy) is not limited; 127.0.0.2 is
        InetAddress other = InetAddress.getByName("127.0.0.2");
        List<Socket> held = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < 64; i++) {
                held.add(send(other, post));
            }
            // let the engine dispatch them (each then blocks reading its body)
            Thread.sleep(1000);
            Socket refused = send(other, post);
            held.add(refused);
            String answer = RawHttp.head(refused.getInputStream());
            assertThat(answer).as("the 65th request of one client").startsWith("HTTP/1.1 429");
            assertThat(answer).contains("Retry-After: 1");
            long t1 = System.nanoTime();
            Api.Reply zones = api.get("/zones");
            assertThat(zones.status()).isEqualTo(200);
            assertThat((System.nanoTime() - t1) / 1_000_000).as("another client's GET /zones ms").isLessThan(1000);
            for (int i = 0; i < 64; i++) {
                String cut = RawHttp.head(held.get(i).getInputStream());
                assertThat(cut).as("a stalled body").startsWith("HTTP/1.1 408");
            }
            long seconds = (System.nanoTime() - t0) / 1_000_000_000;
            assertThat(seconds).as("all 64 stalled bodies cut off").isLessThan(25);
            assertThat(Files.readString(dist.home().resolve("data/log/karaf.log")))
                    .as("a stalled body is the client's doing: no stack trace").doesNotContain("TimeoutException");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        // the client's slots come back as its connections close
        String get = "GET /api/v1/zones HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        long until = System.nanoTime() + 5_000_000_000L;
        String again = exchange(other, get);
        while (!again.startsWith("HTTP/1.1 200") && System.nanoTime() < until) {
            Thread.sleep(100);
            again = exchange(other, get);
        }
        assertThat(again).as("the client after its stalled requests ended").startsWith("HTTP/1.1 200");
        // a trickle: one byte every 2 s keeps the connection alive, but the body has 10 s to arrive
        try (Socket trickle = send(other, post)) {
            long t0 = System.nanoTime();
            String answer = null;
            trickle.setSoTimeout(2000);
            for (int i = 0; i < 12 && answer == null; i++) {
                try {
                    answer = RawHttp.head(trickle.getInputStream());
                } catch (java.net.SocketTimeoutException e) {
                    trickle.getOutputStream().write(' ');
                }
            }
            assertThat(answer).as("a trickled body").startsWith("HTTP/1.1 408");
            assertThat((System.nanoTime() - t0) / 1_000_000_000).as("cut off after the 10 s body deadline").isLessThan(16);
        }
        assertThat(exchange(other, get)).startsWith("HTTP/1.1 200");
        // an API body over 1 MiB (other than an upload) is refused before it is read
        assertThat(exchange(other, "POST /api/v1/vdcs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{")).startsWith("HTTP/1.1 413")
                .contains("1048576");
    }

    /**
     * F3: the API, portal and console were plain HTTP on every interface. Now HTTPS on every
     * interface with the certificate the engine generated on its first start (HSTS, nosniff,
     * no-store on the API), plain HTTP on loopback only, and data/ and its log private.
     */
    @Test
    void httpsIsOnByDefaultAndPlainHttpOnlyOnLoopback() throws Exception {
        Path tls = dist.home().resolve("data/tls");
        char[] password = Files.readString(tls.resolve("ovm.p12.pass")).toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.resolve("ovm.p12"))) {
            keys.load(in, password);
        }
        X509Certificate certificate = (X509Certificate) keys.getCertificate("ovm");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ovm", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + Distribution.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> zones = client.send(HttpRequest.newBuilder(URI.create(dist.httpsBaseUrl() + "/zones"))
                .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(zones.statusCode()).isEqualTo(200);
        assertThat(zones.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
                v -> assertThat(v).startsWith("max-age="));
        assertThat(zones.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(zones.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        X509Certificate presented = (X509Certificate) zones.sslSession().orElseThrow().getPeerCertificates()[0];
        assertThat(fingerprint(presented)).isEqualTo(fingerprint(certificate));
        HttpResponse<String> portal = client.send(HttpRequest.newBuilder(URI.create(
                "https://localhost:" + dist.httpsPort() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(portal.statusCode()).isEqualTo(200);
        assertThat(portal.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        // plain HTTP is refused on this machine's own address; HTTPS answers there
        InetAddress external = externalAddress();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(external, dist.httpPort()), 2000);
            throw new AssertionError("plain HTTP answered on " + external.getHostAddress());
        } catch (java.net.ConnectException expected) {
            // nothing listens there
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(external, dist.httpsPort()), 2000);
        }
        assertThat(api.get("/zones").headers().firstValue("Cache-Control")).hasValue("no-store");

        for (String dir : List.of("data", "data/log", "data/tls")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dist.home().resolve(dir))))
                    .as(dir).isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("ovm.p12"))))
                .isEqualTo("rw-------");
    }

    private static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /** A non-loopback IPv4 address of this machine (the CI machine always has one). */
    private static InetAddress externalAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address;
                    }
                }
            }
        }
        throw new AssertionError("this machine has no non-loopback IPv4 address to check that plain HTTP is not"
                + " served on it");
    }

    /** Opens a connection from {@code from} (null: any) and sends {@code request}. */
    private Socket send(InetAddress from, String request) throws IOException {
        Socket s = new Socket();
        if (from != null) {
            s.bind(new InetSocketAddress(from, 0));
        }
        s.connect(new InetSocketAddress("127.0.0.1", dist.httpPort()), 5000);
        s.setSoTimeout(30_000);
        s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return s;
    }

    /** Sends {@code request} on a connection of its own and returns the whole answer. */
    private String exchange(InetAddress from, String request) throws IOException {
        try (Socket s = send(from, request)) {
            String head = RawHttp.head(s.getInputStream());
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return head + new String(s.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
        }
    }

}
