package org.ovm.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.OvmException;
import org.ovm.core.auth.AuthService;
import org.ovm.core.host.HostService;
import org.ovm.core.host.HostView;
import org.ovm.core.host.PowerManagement;
import org.ovm.core.host.PowerManagementRequest;
import org.ovm.core.host.PowerTest;

/**
 * A host's power management (the BMC a fence driver powers it off through before its HA instances restart
 * elsewhere): {@code ovm:host-power-management} sets it, {@code -test} asks the controller for the power,
 * {@code -remove} removes it.
 */
public final class PowerCommands {

    private PowerCommands() {
    }

    /** The options that describe a controller, shared by set and test. */
    abstract static class ControllerOptions implements Action {
        @Reference HostService hosts;
        @Reference AuthService auth;
        @Argument(index = 0, name = "host", required = true, description = "host id")
        @Completion(IdCompleters.Host.class) String id;
        @Option(name = "--type", description = "fence driver type (default ipmi)") String type = "ipmi";
        @Option(name = "--address", description = "the controller's (BMC's) host name or IP address") String address;
        @Option(name = "--port", description = "the controller's port (default: the driver's, 623 for IPMI)")
        Integer port;
        @Option(name = "--username", description = "user on the controller") String username;
        @Option(name = "--password-file", description = "file on the engine's machine holding the controller's "
                + "password (stored encrypted; left out: the stored one)") String passwordFile;
        @Option(name = "--setting", multiValued = true, description = "driver setting key=value: interface=lanplus|lan, "
                + "privilege=ADMINISTRATOR|OPERATOR|USER, cipherSuite=1-17, timeoutSeconds, retries (repeatable)")
        List<String> settings;
        @Option(name = "--no-power-on", description = "leave the host off after a fence (default: powered on again "
                + "once its HA instances run elsewhere)") boolean noPowerOn;

        PowerManagementRequest request() {
            String password = null;
            if (passwordFile != null) {
                try {
                    password = Files.readString(Path.of(passwordFile)).strip();
                } catch (IOException e) {
                    throw OvmException.invalid("password", "cannot read " + passwordFile + ": " + e.getMessage());
                }
            }
            return new PowerManagementRequest(type, address, port, username, password, Shell.settings(settings),
                    !noPowerOn);
        }
    }

    @Service
    @Command(scope = "ovm", name = "host-power-management", description = "Set a host's power management: the BMC "
            + "OVM powers it off through when it fails, before its HA instances restart on other hosts")
    public static class Set extends ControllerOptions {
        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                HostView host = hosts.setPowerManagement(Shell.caller(auth), id, request());
                System.out.println("host " + host.name() + ": " + describe(host.powerManagement()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "host-power-management-test", description = "Ask a host's BMC for the power "
            + "status, with its stored power management or with the options given (to check them before saving)")
    public static class Test extends ControllerOptions {
        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                PowerManagementRequest request = address == null && username == null ? null : request();
                PowerTest test = hosts.testPowerManagement(Shell.caller(auth), id, request);
                System.out.println(test.status() + ": " + test.message());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "host-power-management-remove", description = "Remove a host's power management "
            + "(if it fails, its HA instances wait for an admin to confirm it is powered off)")
    public static class Remove implements Action {
        @Reference private HostService hosts;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "host", required = true, description = "host id")
        @Completion(IdCompleters.Host.class) private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                HostView host = hosts.removePowerManagement(Shell.caller(auth), id);
                System.out.println("host " + host.name() + ": no power management");
                return null;
            });
        }
    }

    static String describe(PowerManagement pm) {
        if (pm == null) {
            return "no power management";
        }
        return pm.type() + " at " + pm.address() + (pm.port() == null ? "" : ":" + pm.port()) + ", user "
                + pm.username() + (pm.passwordSet() ? ", password stored" : ", no password")
                + (pm.settings().isEmpty() ? "" : ", settings " + pm.settings())
                + (pm.powerOnAfterFence() ? ", powered on after a fence" : ", left off after a fence");
    }
}
