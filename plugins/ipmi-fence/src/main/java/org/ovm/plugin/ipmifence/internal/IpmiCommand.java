package org.ovm.plugin.ipmifence.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.ovm.spi.fence.FenceEndpoint;

/**
 * One {@code ipmitool} invocation: the argument list and the environment it needs. The password
 * travels in {@value #PASSWORD_VARIABLE} ({@code -E}), never in the argument list, which every
 * user of the machine can read in {@code /proc}.
 *
 * @param argv        the program and its arguments
 * @param environment variables to add to the engine's environment
 */
record IpmiCommand(List<String> argv, Map<String, String> environment) {

    /** The variable ipmitool's {@code -E} reads the password from. */
    static final String PASSWORD_VARIABLE = "IPMI_PASSWORD";

    /** The IPMI port when the endpoint says 0. */
    static final int DEFAULT_PORT = 623;

    /** A host name, IPv4 or IPv6 address; never starting with '-' (ipmitool would read an option). */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:%_-]{0,252}");

    /** The chassis power subcommands this driver runs. */
    enum Action {
        STATUS("status"), OFF("off"), ON("on");

        final String word;

        Action(String word) {
            this.word = word;
        }
    }

    /**
     * {@code ipmitool -v -I <interface> -H <address> -p <port> -L <privilege> [-C <suite>] -N <s> -R <n>
     * [-U <user>] [-E] chassis power <action>}; {@code -v} makes ipmitool say why a session failed
     * (wrong password, unknown user), which the driver turns into error codes.
     */
    static IpmiCommand chassisPower(String program, FenceEndpoint endpoint, Action action) {
        IpmiSettings settings = IpmiSettings.parse(endpoint.settings());
        String address = endpoint.address().strip();
        if (!ADDRESS.matcher(address).matches()) {
            throw IpmiSettings.invalid("BMC address '" + address + "' is not a host name or IP address");
        }
        int maxName = 16;
        int maxPassword = settings.iface().equals("lan") ? 16 : 20;
        String user = endpoint.username();
        if (user != null && (user.getBytes(StandardCharsets.UTF_8).length > maxName || user.chars().anyMatch(c -> c < 32))) {
            throw IpmiSettings.invalid("BMC user name must be at most " + maxName + " bytes without control characters");
        }
        String password = endpoint.password();
        if (password != null && password.getBytes(StandardCharsets.UTF_8).length > maxPassword) {
            // never the password itself in a message
            throw IpmiSettings.invalid("BMC password is longer than " + maxPassword + " bytes, the most IPMI "
                    + (settings.iface().equals("lan") ? "1.5 (interface lan)" : "2.0") + " allows");
        }
        List<String> argv = new ArrayList<>(List.of(program, "-v", "-I", settings.iface(), "-H", address, "-p",
                Integer.toString(port(endpoint)), "-L", settings.privilege()));
        if (settings.cipherSuite() != null) {
            argv.addAll(List.of("-C", settings.cipherSuite().toString()));
        }
        argv.addAll(List.of("-N", Integer.toString(settings.timeoutSeconds()), "-R", Integer.toString(settings.retries())));
        if (user != null && !user.isEmpty()) {
            argv.addAll(List.of("-U", user));
        }
        Map<String, String> environment = Map.of();
        if (password != null && !password.isEmpty()) {
            argv.add("-E");
            environment = Map.of(PASSWORD_VARIABLE, password);
        }
        argv.addAll(List.of("chassis", "power", action.word));
        return new IpmiCommand(List.copyOf(argv), environment);
    }

    static int port(FenceEndpoint endpoint) {
        return endpoint.port() == 0 ? DEFAULT_PORT : endpoint.port();
    }

    /** Never prints the environment (it holds the password). */
    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
