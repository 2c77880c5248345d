package org.ovm.itests.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Makes a newer release of a plugin KAR from a built one: the same code with every
 * {@code from} version rewritten to {@code to} (paths, features descriptor, Bundle-Version),
 * as a plugin vendor's next release would look.
 */
public final class KarVersions {

    private KarVersions() {
    }

    public static Path rewrite(Path kar, String from, String to, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(kar));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                byte[] content = in.readAllBytes();
                String name = entry.getName().replace(from, to);
                if (name.endsWith("-features.xml")) {
                    content = new String(content, StandardCharsets.UTF_8).replace(from, to)
                            .getBytes(StandardCharsets.UTF_8);
                } else if (name.startsWith("repository/") && name.endsWith(".jar")) {
                    content = withBundleVersion(content, to);
                }
                out.putNextEntry(new ZipEntry(name));
                out.write(content);
                out.closeEntry();
            }
        }
        return target;
    }

    private static byte[] withBundleVersion(byte[] jar, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry; (entry = in.getNextJarEntry()) != null;) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    copy(in, out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
