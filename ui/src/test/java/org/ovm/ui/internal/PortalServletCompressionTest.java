package org.ovm.ui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The portal's assets go gzip-compressed to browsers that accept it, with honest headers. */
class PortalServletCompressionTest {

    @TempDir
    Path ui;

    private PortalServlet servlet;
    private final String script = "console.log('the portal');\n".repeat(200);

    @BeforeEach
    void build() throws IOException {
        Files.createDirectories(ui.resolve("assets"));
        Files.writeString(ui.resolve("assets/index-1.js"), script);
        Files.writeString(ui.resolve("index.html"), "<!doctype html><title>OVM</title>");
        Files.writeString(ui.resolve("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Files.write(ui.resolve("assets/font.woff2"), new byte[4096]);
        servlet = new PortalServlet(path -> {
            Path file = ui.resolve(path);
            try {
                return Files.exists(file) ? file.toUri().toURL() : null;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", delimiter = '|', value = {"gzip, deflate, br|true", "br;q=1.0, gzip;q=0.8|true",
            "GZIP|true", "x-gzip|true", "gzip;q=0|false", "deflate, br|false", "*|true", "*;q=0|false",
            "gzip;q=0, *|false", "identity|false", "''|false", "NULL|false", "gzip;q=bogus|false"})
    void negotiatesGzip(String header, boolean accepted) {
        assertThat(PortalServlet.acceptsGzip(header)).isEqualTo(accepted);
    }

    @Test
    void aScriptGoesCompressedWithItsLengthAndVary() throws IOException {
        Answer answer = get("/assets/index-1.js", "gzip, deflate, br");
        assertThat(answer.headers).containsEntry("Content-Encoding", "gzip").containsEntry("Vary", "Accept-Encoding")
                .containsEntry("Cache-Control", "public, max-age=31536000, immutable")
                .containsKey("Content-Security-Policy");
        assertThat(answer.length).isEqualTo(answer.body.length).isLessThan(script.length() / 5);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(answer.body))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(script);
        }
        // compressed once: the second answer is the same
        assertThat(get("/assets/index-1.js", "gzip").body).isEqualTo(answer.body);
    }

    @Test
    void aClientWithoutGzipGetsThePlainFile() throws IOException {
        Answer answer = get("/assets/index-1.js", null);
        assertThat(answer.headers).doesNotContainKey("Content-Encoding").containsEntry("Vary", "Accept-Encoding");
        assertThat(new String(answer.body, StandardCharsets.UTF_8)).isEqualTo(script);
        assertThat(answer.length).isEqualTo(script.length());
    }

    @Test
    void fontsAndTinyFilesAreSentAsTheyAre() throws IOException {
        Answer font = get("/assets/font.woff2", "gzip");
        assertThat(font.headers).doesNotContainKeys("Content-Encoding", "Vary");
        assertThat(font.length).isEqualTo(4096);
        Answer page = get("/instances", "gzip");
        assertThat(page.headers).doesNotContainKey("Content-Encoding").containsEntry("Cache-Control", "no-cache");
        assertThat(page.type).startsWith("text/html");
    }

    @Test
    void theFaviconIsTheSvgIcon() throws IOException {
        Answer icon = get("/favicon.ico", null);
        assertThat(icon.status).isEqualTo(200);
        assertThat(icon.type).isEqualTo("image/svg+xml");
        assertThat(new String(icon.body, StandardCharsets.UTF_8)).startsWith("<svg");
        assertThat(get("/missing.png", null).status).isEqualTo(404);
    }

    /** What the servlet answered. */
    static final class Answer {
        int status = 200;
        String type;
        int length = -1;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] body;
    }

    private Answer get(String path, String acceptEncoding) throws IOException {
        Answer answer = new Answer();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getPathInfo" -> path;
                    case "getServletPath" -> "";
                    case "getHeader" -> "Accept-Encoding".equalsIgnoreCase((String) args[0]) ? acceptEncoding : null;
                    case "getMethod" -> "GET";
                    default -> null;
                });
        ServletOutputStream stream = new ServletOutputStream() {
            @Override
            public void write(int b) {
                answer.out.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                // blocking writes only
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setHeader" -> answer.headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> answer.type = (String) args[0];
                        case "setContentLength" -> answer.length = (Integer) args[0];
                        case "sendError" -> answer.status = (Integer) args[0];
                        case "getOutputStream" -> {
                            return stream;
                        }
                        default -> {
                            // nothing else is used
                        }
                    }
                    return null;
                });
        servlet.doGet(request, response);
        answer.body = answer.out.toByteArray();
        return answer;
    }

}
