package org.ovm.plugin.localstorage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.Progress;

/**
 * A full copy of an image into a file of this machine with {@code qemu-img convert -p -f <format>
 * -O <format>} (formats always given, never probed; an argument list, never a shell), reporting
 * qemu-img's percentage and killed at the deadline. A failed or late copy leaves no file.
 */
final class ImageCopy {

    private static final Pattern PERCENT = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");
    private static final int MAX_OUTPUT = 16 * 1024;

    private final String executable;

    ImageCopy() {
        this("qemu-img");
    }

    ImageCopy(String executable) {
        this.executable = executable;
    }

    /**
     * What qemu-img reads for a source URL: the path of a {@code file:} URL, an {@code nfs://} URL as it
     * is (QEMU's NFS client). Anything else is refused.
     */
    static String source(String sourceUrl) {
        if (sourceUrl == null) {
            throw new DriverException(ErrorCode.INVALID, "no source URL to copy from");
        }
        if (sourceUrl.startsWith("file:")) {
            String path = URI.create(sourceUrl).getPath();
            if (path == null || path.isEmpty()) {
                throw new DriverException(ErrorCode.INVALID, "source URL " + sourceUrl + " names no file");
            }
            return path;
        }
        if (sourceUrl.regionMatches(true, 0, "nfs://", 0, 6)) {
            return sourceUrl;
        }
        throw new DriverException(ErrorCode.INVALID, "cannot copy from " + sourceUrl
                + ": the local driver reads file:// and nfs:// URLs");
    }

    /** The percentage in a piece of qemu-img's {@code -p} output, or -1. */
    static int percent(CharSequence output) {
        Matcher m = PERCENT.matcher(output);
        int last = -1;
        while (m.find()) {
            last = (int) Double.parseDouble(m.group(1));
        }
        return last;
    }

    /** Copies {@code source} into the new file {@code target}; deletes it on any failure. Blocking. */
    void copy(String source, String sourceFormat, Path target, String targetFormat, Instant deadline,
            Progress progress, Executor executor) {
        List<String> command = List.of(executable, "convert", "-p", "-f", sourceFormat, "-O", targetFormat, source,
                target.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new DriverException(ErrorCode.UNSUPPORTED, executable + " cannot be run on the engine's machine ("
                    + e.getMessage() + "): install qemu-utils");
        }
        StringBuilder output = new StringBuilder();
        boolean ok = false;
        try {
            // the output is read beside the wait (on the kernel's executor), so the deadline holds
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> read(process.getInputStream(), output,
                    progress), executor);
            long millis = Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis());
            if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new DriverException(ErrorCode.TIMEOUT, "copying into " + target.getFileName()
                        + " did not finish by the deadline");
            }
            try {
                reader.get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the output is only for messages
            }
            if (process.exitValue() != 0) {
                String text;
                synchronized (output) {
                    text = output.toString().replaceAll("\\s*\\(\\d+(\\.\\d+)?/100%\\)\\r?", "").strip();
                }
                throw new DriverException(text.contains("No space left") ? ErrorCode.INSUFFICIENT_CAPACITY
                        : ErrorCode.BACKEND_FAILURE, "qemu-img could not copy into " + target.getFileName() + ": "
                        + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
            }
            ok = true;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DriverException(ErrorCode.TIMEOUT, "interrupted while copying into " + target.getFileName());
        } finally {
            if (!ok) {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException e) {
                    // reported with the failure's message below is enough; nothing else to do
                }
            }
        }
    }

    /** Reads qemu-img's output (progress lines end with a carriage return), reporting each new percentage. */
    private static void read(InputStream in, StringBuilder output, Progress progress) {
        StringBuilder line = new StringBuilder();
        int reported = -1;
        try (InputStream stream = in) {
            int c;
            while ((c = stream.read()) != -1) {
                synchronized (output) {
                    if (output.length() < MAX_OUTPUT) {
                        output.append((char) c);
                    }
                }
                line.append((char) c);
                if (c == '\r' || c == '\n') {
                    int percent = percent(line);
                    if (percent >= 0 && percent != reported && percent < 100) {
                        progress.report(percent, "copying: " + percent + "%");
                        reported = percent;
                    }
                    line.setLength(0);
                }
            }
        } catch (IOException e) {
            // the process ended; its exit code says how
        }
    }
}
