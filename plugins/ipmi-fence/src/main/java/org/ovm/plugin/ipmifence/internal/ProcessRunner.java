package org.ovm.plugin.ipmifence.internal;

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
 * Runs programs with {@link ProcessBuilder}: output goes to temporary files (read once the program
 * ended, so no reader threads), the environment is the engine's plus the given variables (a
 * password variable of the engine's own is never passed on), and a program outliving its timeout is
 * killed.
 */
final class ProcessRunner implements CommandRunner {

    @Override
    public Result run(List<String> argv, Map<String, String> environment, Duration timeout) {
        List<String> command = new ArrayList<>(argv);
        command.set(0, resolve(argv.get(0)));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("ovm-ipmi-", ".out");
            err = Files.createTempFile("ovm-ipmi-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().remove(IpmiCommand.PASSWORD_VARIABLE);
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean ended = process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
            return new Result(ended ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), !ended);
        } catch (IOException e) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "cannot run " + argv.get(0) + ": " + e.getMessage(),
                    false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(ErrorCode.TIMEOUT, "interrupted while running " + argv.get(0), true, e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    /** The program's absolute path: as given when it has a slash, else PATH, then the bin and sbin directories. */
    static String resolve(String program) {
        if (program.contains("/")) {
            if (Files.isExecutable(Path.of(program))) {
                return program;
            }
            throw notInstalled(program);
        }
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        throw notInstalled(program);
    }

    private static DriverException notInstalled(String program) {
        return new DriverException(ErrorCode.UNSUPPORTED, program + " is not installed on the OVM engine's machine: "
                + "install the Debian package ipmitool there (apt-get install ipmitool), or set 'ipmitool' in "
                + "etc/org.ovm.plugin.ipmifence.cfg to its path", false, null);
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
