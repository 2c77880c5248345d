package org.ovm.plugin.ipmifence.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs one program with an argument list (never a shell string) and extra environment variables,
 * and waits for it at most {@code timeout}. {@link ProcessRunner} is the real one; unit tests
 * substitute fakes that record what they were asked to run.
 */
interface CommandRunner {

    /**
     * Runs {@code argv} and returns how it ended, whatever its exit code. A program still running
     * after {@code timeout} is killed and its result says {@link Result#timedOut()}.
     *
     * @throws org.ovm.spi.common.DriverException {@code UNSUPPORTED} when the program is not installed
     */
    Result run(List<String> argv, Map<String, String> environment, Duration timeout);

    /** How a program ended; {@code exitCode} is -1 when it was killed at its timeout. */
    record Result(int exitCode, String stdout, String stderr, boolean timedOut) {

        boolean ok() {
            return !timedOut && exitCode == 0;
        }
    }
}
