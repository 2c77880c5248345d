package org.ovm.plugin.vlannet.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * Runs programs with {@link ProcessBuilder}: output goes to temporary files (a daemon the program
 * starts may keep pipes open forever), programs are looked up in the sbin directories too (the engine's
 * PATH often lacks them), and one that outlives its timeout is killed.
 */
final class ProcessRunner implements CommandRunner {

    /** The Debian package that installs each program this plugin runs, for messages. */
    private static final Map<String, String> PACKAGES = Map.of("ovs-vsctl", "openvswitch-switch", "ovs-ofctl",
            "openvswitch-switch", "dnsmasq", "dnsmasq-base", "ip", "iproute2", "ethtool", "ethtool", "kill",
            "procps");

    @Override
    public Result run(List<String> argv, Duration timeout, String stdin) {
        List<String> command = new ArrayList<>(argv);
        command.set(0, resolve(argv.get(0)));
        Path out = null;
        Path err = null;
        Path in = null;
        try {
            out = Files.createTempFile("ovm-vlannet-", ".out");
            err = Files.createTempFile("ovm-vlannet-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (stdin != null) {
                in = Files.createTempFile("ovm-vlannet-", ".in");
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
                builder.redirectInput(in.toFile());
            } else {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process process = builder.start();
            if (!process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DriverException(ErrorCode.TIMEOUT, "'" + String.join(" ", argv) + "' did not finish within "
                        + timeout.toSeconds() + " s");
            }
            return new Result(List.copyOf(argv), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "cannot run " + argv.get(0) + ": " + e.getMessage(),
                    false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(ErrorCode.TIMEOUT, "interrupted while running " + argv.get(0), true, e);
        } finally {
            delete(out);
            delete(err);
            delete(in);
        }
    }

    /** The program's absolute path: PATH first, then the sbin and bin directories. */
    static String resolve(String program) {
        if (program.contains("/")) {
            return program;
        }
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        String pkg = PACKAGES.get(program);
        throw new DriverException(ErrorCode.UNSUPPORTED, program + " is not installed on the OVM engine's machine"
                + (pkg == null ? "" : " (Debian package " + pkg + ")"));
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file; nothing depends on it
            }
        }
    }
}
