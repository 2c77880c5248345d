package org.ovm.plugin.simulator.internal.shell;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.plugin.simulator.SimulatorControl;

/** Injects faults into the simulator plugin, or shows and clears them. */
@Service
@Command(scope = "ovm", name = "sim-fault", description = "Inject faults into the simulator plugin (test tool)")
public class SimFaultCommand implements Action {

    @Reference
    private SimulatorControl control;

    @Argument(index = 0, name = "operation", description = "driver operation: probe, define, start, stop, reboot, "
            + "undefine, list, createVolume, ...; omit to show pending faults")
    private String operation;

    @Option(name = "--fail", description = "fail the next N calls")
    private int fail;

    @Option(name = "--delay", description = "delay the next calls by this many milliseconds")
    private long delay;

    @Option(name = "--count", description = "how many calls a delay applies to (default 1)")
    private int count = 1;

    @Option(name = "--clear", description = "drop all pending faults")
    private boolean clear;

    @Override
    public Object execute() {
        if (clear) {
            control.clearFaults();
            System.out.println("faults cleared");
            return null;
        }
        if (operation != null && fail > 0) {
            control.failNext(operation, fail);
        } else if (operation != null && delay > 0) {
            control.delayNext(operation, count, delay);
        } else if (operation != null) {
            System.err.println("give --fail N or --delay MS");
            return null;
        }
        Map<String, String> pending = control.faults();
        pending.forEach((op, fault) -> System.out.println(op + ": " + fault));
        if (pending.isEmpty()) {
            System.out.println("no pending faults");
        }
        return null;
    }
}
