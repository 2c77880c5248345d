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
        String program = program(result.argv());
        String diagnostic = result.diagnostic();
        return new DriverException(ErrorCode.BACKEND_FAILURE, what + " failed: "
                + (diagnostic.startsWith(program + ": ") ? diagnostic : program + ": " + diagnostic));
    }

    /** The program a command runs ({@code dnsmasq} for {@code ip netns exec <ns> dnsmasq ...}). */
    static String program(List<String> argv) {
        if (argv.size() > 4 && argv.get(0).equals("ip") && argv.get(1).equals("netns") && argv.get(2).equals("exec")) {
            return argv.get(4);
        }
        return argv.get(0);
    }
}
