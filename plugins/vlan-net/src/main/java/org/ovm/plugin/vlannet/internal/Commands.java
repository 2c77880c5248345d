package org.ovm.plugin.vlannet.internal;

import java.time.Duration;
import java.util.List;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/** A {@link CommandRunner} with this plugin's timeout and its way of turning failures into driver errors. */
final class Commands {

    /** What one command may take; OVS and iproute2 answer in milliseconds, dnsmasq starts in well under a second. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final CommandRunner runner;

    Commands(CommandRunner runner) {
        this.runner = runner;
    }

    /** Runs a command whatever its exit code. */
    CommandRunner.Result run(List<String> argv) {
        return runner.run(argv, TIMEOUT, null);
    }

    CommandRunner.Result run(List<String> argv, String stdin) {
        return runner.run(argv, TIMEOUT, stdin);
    }

    /** Runs a command that must succeed; {@code what} says in the user's terms what it was for. */
    CommandRunner.Result check(String what, List<String> argv) {
        return check(what, argv, null);
    }

    CommandRunner.Result check(String what, List<String> argv, String stdin) {
        CommandRunner.Result result = run(argv, stdin);
        if (!result.ok()) {
            throw failure(what, result);
        }
        return result;
    }

    static DriverException failure(String what, CommandRunner.Result result) {
        return new DriverException(ErrorCode.BACKEND_FAILURE, what + " failed: " + result.argv().get(0) + ": "
                + result.diagnostic().replaceFirst("^" + java.util.regex.Pattern.quote(result.argv().get(0)) + ": ",
                        ""));
    }
}
