package org.ovm.plugin.docker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * Why a TLS engine dropped the connection. With TLS 1.3 an engine that refuses the client
 * certificate says so only after the handshake, so the HTTP client sees a broken pipe; one
 * request on a socket of our own reads the engine's alert.
 */
final class TlsDiagnosis {

    private static final int TIMEOUT_MILLIS = 5000;

    private TlsDiagnosis() {
    }

    /** The TLS failure behind a dropped connection, or null if TLS is not the cause. */
    static DriverException diagnose(URI uri, SSLContext context) {
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), TIMEOUT_MILLIS);
            raw.setSoTimeout(TIMEOUT_MILLIS);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, uri.getHost(), uri.getPort(),
                    false)) {
                tls.startHandshake();
                OutputStream out = tls.getOutputStream();
                out.write(("GET /_ping HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = tls.getInputStream();
                if (in.read() < 0) {
                    return refused("the engine closed the connection without an answer");
                }
                return null;
            }
        } catch (SSLException e) {
            return refused(e.getMessage());
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return m.contains("broken pipe") || m.contains("reset") ? refused(e.getMessage()) : null;
        }
    }

    private static DriverException refused(String reason) {
        return new DriverException(ErrorCode.UNAUTHORIZED, "TLS: the engine refused the connection (" + reason
                + "): its CA does not accept the client certificate, or tlsCa does not match the engine's "
                + "certificate; check the host's tlsCa, tlsCert and tlsKey", false, null);
    }
}
