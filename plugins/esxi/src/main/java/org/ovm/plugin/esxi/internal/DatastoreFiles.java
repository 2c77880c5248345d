package org.ovm.plugin.esxi.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * Reads and writes files of a datastore over the host's HTTPS file service ({@code /folder}), on
 * the session's cookie and trusting exactly the certificate the session was opened with: a
 * disk's descriptor (whose extent lines give its capacity where the datastore browser does not),
 * uploaded ISO images.
 */
final class DatastoreFiles {

    private static final int MAX_DESCRIPTOR_BYTES = 64 * 1024;
    private static final Pattern EXTENT = Pattern.compile("(?m)^RW (\\d+) ");

    private DatastoreFiles() {
    }

    /** The capacity in bytes the descriptor {@code [datastore] path} declares (sum of its extents). */
    static long descriptorCapacity(EsxiSessions.Session s, String datastore, String path) throws IOException {
        String text = new String(read(s, datastore, path, MAX_DESCRIPTOR_BYTES), StandardCharsets.UTF_8);
        Matcher m = EXTENT.matcher(text);
        long sectors = 0;
        boolean found = false;
        while (m.find()) {
            sectors += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new DriverException(ErrorCode.INVALID, "[" + datastore + "] " + path + " is not a disk descriptor");
        }
        return sectors * 512;
    }

    /** Writes exactly {@code size} bytes of {@code data} as the file {@code [datastore] path}. */
    static void write(EsxiSessions.Session s, String datastore, String path, long size, InputStream data)
            throws IOException {
        HttpsURLConnection c = open(s, datastore, path);
        c.setRequestMethod("PUT");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(size);
        c.setRequestProperty("Content-Type", "application/octet-stream");
        try (OutputStream out = c.getOutputStream()) {
            long copied = data.transferTo(out);
            if (copied != size) {
                throw new DriverException(ErrorCode.INVALID, "the upload had " + copied + " bytes, not the " + size
                        + " announced");
            }
        }
        int status = c.getResponseCode();
        if (status / 100 != 2) {
            throw new IOException("the host's file service answered " + status + " to the upload of [" + datastore
                    + "] " + path);
        }
    }

    private static byte[] read(EsxiSessions.Session s, String datastore, String path, int max) throws IOException {
        HttpsURLConnection c = open(s, datastore, path);
        int status = c.getResponseCode();
        if (status == HttpURLConnection.HTTP_NOT_FOUND) {
            throw new DriverException(ErrorCode.NOT_FOUND, "[" + datastore + "] " + path + " does not exist");
        }
        if (status != HttpURLConnection.HTTP_OK) {
            throw new IOException("the host's file service answered " + status + " for [" + datastore + "] " + path);
        }
        try (InputStream in = c.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > max) {
                    throw new DriverException(ErrorCode.INVALID, "[" + datastore + "] " + path + " is larger than "
                            + max + " bytes: not a disk descriptor");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static HttpsURLConnection open(EsxiSessions.Session s, String datastore, String path) throws IOException {
        String query = "dcPath=" + encode(s.datacenter.getName()) + "&dsName=" + encode(datastore);
        HttpsURLConnection c;
        try {
            URI uri = new URI("https", null, s.url.getHost(), s.url.getPort(), "/folder/" + path, null, null);
            c = (HttpsURLConnection) URI.create(uri.toASCIIString() + "?" + query).toURL().openConnection();
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new FingerprintTrust(s.insecure ? null : s.fingerprint)}, null);
            c.setSSLSocketFactory(tls.getSocketFactory());
        } catch (GeneralSecurityException | URISyntaxException e) {
            throw new IOException("cannot reach the host's file service: " + e.getMessage(), e);
        }
        // the certificate is pinned by its fingerprint: its names need not match the address
        c.setHostnameVerifier((host, session) -> true);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(30_000);
        c.setRequestProperty("Cookie", s.si.getServerConnection().getSessionStr());
        return c;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
