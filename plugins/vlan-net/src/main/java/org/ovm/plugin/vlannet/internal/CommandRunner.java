package org.ovm.plugin.vlannet.internal;

import java.time.Duration;
import java.util.List;

/**
 * Runs one program of this machine with an argument list (never a shell string) and waits for it.
 * {@link ProcessRunner} is the real one; tests substitute fakes that record the argument lists.
 */
interface CommandRunner {

    /**
     * Runs {@code argv} and returns how it ended, whatever its exit code.
     *
     * @param stdin text for the program's standard input, or null for none
     * @throws org.ovm.spi.common.DriverException {@code UNSUPPORTED} when the program is not installed,
     *         {@code TIMEOUT} when it did not end within {@code timeout} (it is killed)
     */
    Result run(List<String> argv, Duration timeout, String stdin);

    /** How a program ended. */
    record Result(List<String> argv, int exitCode, String stdout, String stderr) {

        boolean ok() {
            return exitCode == 0;
        }

        /** The last lines of stderr (else stdout), for messages. */
        String diagnostic() {
            String text = (stderr == null || stderr.isBlank() ? stdout : stderr);
            text = text == null ? "" : text.strip();
            if (text.isEmpty()) {
                return "exit code " + exitCode;
            }
            String[] lines = text.split("\n");
            int from = Math.max(0, lines.length - 3);
            return String.join("; ", List.of(lines).subList(from, lines.length));
        }
    }
}
