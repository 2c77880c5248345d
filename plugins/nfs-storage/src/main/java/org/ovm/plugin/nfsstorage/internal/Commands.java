package org.ovm.plugin.nfsstorage.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * Runs the engine-side tools (qemu-img, nfs-ls) as argument lists, never through a shell, each bounded by
 * the operation's deadline: a process still running then is killed. Output (stdout and stderr together)
 * goes to a temporary file the caller's thread reads while waiting, so progress lines can be followed
 * without a thread of our own. Blocking; runs on the caller's (the executor's) thread.
 */
class Commands {

    private static final int MAX_OUTPUT = 64 * 1024;
    private static final long POLL_MILLIS = 200;

    /** What a finished command said. */
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    /**
     * Runs {@code command} until it exits or {@code deadline} passes (then it is killed and the call fails
     * with {@code TIMEOUT}). {@code lines} receives each line or carriage-return-separated update as it is
     * written (may be null). A missing executable fails {@code UNSUPPORTED} naming the Debian package.
     */
    Result run(List<String> command, Instant deadline, Consumer<String> lines) {
        Path out = null;
        Process process = null;
        try {
            out = Files.createTempFile("ovm-nfs-", ".out");
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                                "/dev/null"))).start();
            } catch (IOException e) {
                throw new DriverException(ErrorCode.UNSUPPORTED, command.get(0) + " cannot be run on the engine's "
                        + "machine (install " + packageOf(command.get(0)) + "): " + e.getMessage());
            }
            long read = 0;
            StringBuilder pending = new StringBuilder();
            while (true) {
                long left = deadline.toEpochMilli() - System.currentTimeMillis();
                if (left <= 0) {
                    kill(process);
                    throw new DriverException(ErrorCode.TIMEOUT, name(command) + " did not finish in time");
                }
                boolean exited = process.waitFor(Math.min(left, POLL_MILLIS), TimeUnit.MILLISECONDS);
                if (lines != null) {
                    read = follow(out, read, pending, lines);
                }
                if (exited) {
                    break;
                }
            }
            if (lines != null && pending.length() > 0) {
                lines.accept(pending.toString());
            }
            return new Result(process.exitValue(), tail(out));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new DriverException(ErrorCode.TIMEOUT, "interrupted while running " + name(command));
        } catch (IOException e) {
            kill(process);
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "cannot run " + name(command) + ": " + e.getMessage());
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans up
                }
            }
        }
    }

    private static String name(List<String> command) {
        return command.size() > 1 ? command.get(0) + " " + command.get(1) : command.get(0);
    }

    static String packageOf(String executable) {
        return executable.endsWith("qemu-img") ? "qemu-utils and qemu-block-extra"
                : executable.startsWith("nfs-") || executable.contains("/nfs-") ? "libnfs-utils" : executable;
    }

    private static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands every complete line (ended by \n or \r) written since {@code from} to {@code lines}. */
    private static long follow(Path out, long from, StringBuilder pending, Consumer<String> lines) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(out.toFile(), "r")) {
            long length = file.length();
            if (length <= from) {
                return from;
            }
            byte[] chunk = new byte[(int) Math.min(length - from, MAX_OUTPUT)];
            file.seek(from);
            file.readFully(chunk);
            pending.append(new String(chunk, StandardCharsets.UTF_8));
            int end;
            while ((end = indexOfBreak(pending)) >= 0) {
                String line = pending.substring(0, end).strip();
                pending.delete(0, end + 1);
                if (!line.isEmpty()) {
                    lines.accept(line);
                }
            }
            return from + chunk.length;
        }
    }

    private static int indexOfBreak(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                return i;
            }
        }
        return -1;
    }

    private static String tail(Path out) throws IOException {
        long size = Files.size(out);
        try (RandomAccessFile file = new RandomAccessFile(out.toFile(), "r")) {
            long start = Math.max(0, size - MAX_OUTPUT);
            byte[] bytes = new byte[(int) (size - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
