package org.ovm.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.auth.AuthService;
import org.ovm.core.instance.InstancePatch;
import org.ovm.core.instance.InstanceService;
import org.ovm.core.instance.InstanceView;

/** ovm:instance-ha: turns an instance's HA restart on or off, and sets its priority. */
@Service
@Command(scope = "ovm", name = "instance-ha", description = "Make an instance HA (restarted on another host when its "
        + "host fails and an admin confirms that host powered off), or not (--off); show why it would not restart")
public class HaCommand implements Action {

    @Reference private InstanceService instances;
    @Reference private AuthService auth;
    @Argument(index = 0, name = "instance", required = true, description = "instance id")
    @Completion(IdCompleters.Instance.class) private String id;
    @Option(name = "--off", description = "not HA any more") private boolean off;
    @Option(name = "--priority", description = "among a failed host's HA instances, higher restarts first "
            + "(-1000..1000)") private Integer priority;

    @Override
    public Object execute() throws Exception {
        return Shell.run(() -> {
            InstanceView changed = instances.update(Shell.caller(auth), id, new InstancePatch(null, !off, priority));
            System.out.println("instance " + changed.name() + ": ha " + changed.ha() + ", priority "
                    + changed.haPriority() + (changed.haBlocker() == null ? "" : "; would not restart: "
                            + changed.haBlocker()));
            return null;
        });
    }
}
