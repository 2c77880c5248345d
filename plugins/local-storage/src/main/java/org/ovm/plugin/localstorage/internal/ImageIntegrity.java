package org.ovm.plugin.localstorage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ovm.lib.images.ImageHeaders;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an image file's metadata with {@code qemu-img check} before it becomes a template, so
 * that a truncated or corrupt qcow2 is refused instead of failing inside a guest. It runs where
 * the engine shares the host's file system (the host's libvirt URI names this machine) and the
 * file is readable here; elsewhere the file is not checked. The format is always given with
 * {@code -f} (never probed), and the command is an argument list, never a shell string.
 */
final class ImageIntegrity {

    private static final Logger LOG = LoggerFactory.getLogger(ImageIntegrity.class);

    /** Longest a check may take: qemu-img reads only the metadata, seconds even for large images. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** Exit codes of qemu-img check: no errors, corruptions, leaked clusters only, no checks for the format. */
    private static final int OK = 0;
    private static final int CORRUPT = 2;
    private static final int LEAKS_ONLY = 3;
    private static final int UNSUPPORTED = 63;
    private static final int MAX_OUTPUT = 64 * 1024;
    private static final Pattern CORRUPTIONS = Pattern.compile("\"corruptions\"\\s*:\\s*(\\d+)");
    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.\\d{1,3}){3}|\\[?::1]?",
            Pattern.CASE_INSENSITIVE);

    private final String executable;
    private final Duration timeout;
    private final AtomicBoolean warnedMissing = new AtomicBoolean();

    ImageIntegrity() {
        this("qemu-img", TIMEOUT);
    }

    ImageIntegrity(String executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /**
     * Whether a host's pool files are this machine's: its libvirt URI names no host
     * ({@code qemu:///system}) or a loopback one ({@code qemu+tcp://127.0.0.1/system}). Host
     * names are not resolved.
     */
    static boolean sameMachine(String libvirtUri) {
        try {
            URI uri = new URI(libvirtUri);
            String host = uri.getHost();
            if (host == null && uri.getRawAuthority() != null) {
                String authority = uri.getRawAuthority();
                host = authority.substring(authority.indexOf('@') + 1).replaceFirst(":\\d+$", "");
            }
            return host == null || host.isEmpty() || LOOPBACK.matcher(host).matches();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Checks a qcow2 file stored in or registered from a pool of a host with this libvirt URI,
     * where the engine shares the host's files: one naming an external data file
     * ({@link ImageHeaders}), or one qemu-img finds corrupt or truncated, is refused
     * ({@code INVALID}). Other formats, and files on other machines, pass unchecked.
     */
    void checkStored(String hostUri, String path, String format) {
        if (!sameMachine(hostUri) || !"qcow2".equals(format) || path == null) {
            return;
        }
        Path file = Path.of(path);
        if (Files.isReadable(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                ImageHeaders.check(format, in.readNBytes(ImageHeaders.NEEDED));
            } catch (IOException e) {
                throw new DriverException(ErrorCode.INVALID, "cannot read " + file.getFileName() + ": "
                        + e.getMessage());
            }
        }
        check(path, format);
    }

    /**
     * Refuses ({@code INVALID}) a file qemu-img finds corrupt or truncated, or cannot open as
     * {@code format}. Does nothing for formats without metadata to check ({@code raw}, {@code iso}),
     * for a file this machine cannot read, or when qemu-img is not installed here (logged once).
     * Blocking; runs on the caller's (the executor's) thread.
     */
    void check(String path, String format) {
        if (path == null || format == null || "raw".equals(format) || "iso".equals(format)) {
            return;
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            LOG.debug("{} is not readable on the engine's machine; its integrity is not checked", path);
            return;
        }
        List<String> command = List.of(executable, "check", "-f", format, "--output=json", path);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if (warnedMissing.compareAndSet(false, true)) {
                LOG.warn("{} cannot be run on the engine's machine ({}): uploaded and registered images are not "
                        + "checked for corruption; install qemu-utils", executable, e.getMessage());
            }
            return;
        }
        String output;
        int exit;
        try (InputStream out = process.getInputStream()) {
            output = new String(readAtMost(out), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DriverException(ErrorCode.TIMEOUT, "qemu-img check of " + file.getFileName()
                        + " did not finish within " + timeout.toSeconds() + " s");
            }
            exit = process.exitValue();
        } catch (IOException e) {
            process.destroyForcibly();
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "cannot read what qemu-img check says: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DriverException(ErrorCode.TIMEOUT, "interrupted while checking " + file.getFileName());
        }
        String problem = refusal(exit, output, format);
        if (problem != null) {
            throw new DriverException(ErrorCode.INVALID, problem);
        }
    }

    /** What is wrong according to qemu-img check's exit code and output, or null when nothing is. */
    static String refusal(int exit, String output, String format) {
        if (exit == OK || exit == LEAKS_ONLY || exit == UNSUPPORTED) {
            return null; // leaked clusters waste space but lose no data
        }
        String first = firstError(output);
        if (exit == CORRUPT) {
            Matcher count = CORRUPTIONS.matcher(output);
            String found = count.find() ? count.group(1) + " error(s)" : "errors";
            return "the " + format + " image is corrupt or truncated: qemu-img check found " + found
                    + (first == null ? "" : " (" + first + ")") + "; upload or register a complete image";
        }
        return "the file cannot be checked as a " + format + " image" + (first == null ? " (qemu-img check exit "
                + exit + ")" : ": " + first);
    }

    /** The first error line qemu-img printed, shortened. */
    private static String firstError(String output) {
        for (String line : output.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("ERROR") || trimmed.startsWith("qemu-img:")) {
                String text = trimmed.startsWith("qemu-img:") ? trimmed.substring(9).strip() : trimmed;
                return text.length() > 200 ? text.substring(0, 200) + "..." : text;
            }
        }
        return null;
    }

    private static byte[] readAtMost(InputStream in) throws IOException {
        byte[] kept = in.readNBytes(MAX_OUTPUT);
        in.transferTo(OutputStream.nullOutputStream()); // the rest: the process must not block writing
        return kept;
    }
}
