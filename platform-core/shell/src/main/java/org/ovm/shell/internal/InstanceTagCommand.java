package org.ovm.shell.internal;

import java.util.ArrayList;
import java.util.List;

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

/** ovm:instance-tag: adds tags to an instance, or removes them. */
@Service
@Command(scope = "ovm", name = "instance-tag", description = "Add tags to an instance (or remove them with --remove)")
public class InstanceTagCommand implements Action {

    @Reference private InstanceService instances;
    @Reference private AuthService auth;
    @Argument(index = 0, name = "instance", required = true, description = "instance id")
    @Completion(IdCompleters.Instance.class) private String id;
    @Argument(index = 1, name = "tags", required = true, multiValued = true,
            description = "tags: 1-32 letters, digits, '.', '_' or '-' each") private List<String> tags;
    @Option(name = "--remove", description = "remove these tags instead of adding them") private boolean remove;

    @Override
    public Object execute() throws Exception {
        return Shell.run(() -> {
            var caller = Shell.caller(auth);
            List<String> now = new ArrayList<>(instances.get(caller, id).tags());
            if (remove) {
                now.removeAll(tags);
            } else {
                tags.stream().filter(tag -> !now.contains(tag)).forEach(now::add);
            }
            InstanceView changed = instances.update(caller, id, new InstancePatch(now));
            System.out.println("instance " + changed.name() + " tags: " + (changed.tags().isEmpty() ? "none"
                    : String.join(", ", changed.tags())));
            return null;
        });
    }
}
