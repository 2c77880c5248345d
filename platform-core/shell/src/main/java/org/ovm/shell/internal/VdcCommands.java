package org.ovm.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Filters;
import org.ovm.core.PageRequest;
import org.ovm.core.auth.AuthService;
import org.ovm.core.quota.Quota;
import org.ovm.core.quota.VdcRequest;
import org.ovm.core.quota.VdcService;

/** ovm:vdc-* commands. */
public final class VdcCommands {

    private VdcCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "vdc-list", description = "List virtual data centers")
    public static class VdcList implements Action {
        @Reference private VdcService vdcs;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var page = vdcs.list(Shell.caller(auth), Filters.NONE, new PageRequest(PageRequest.MAX_LIMIT, 0));
                Shell.table(page.items(), List.of("ID", "Name", "Instances", "vCPUs", "Memory MiB", "Disk GiB",
                        "IPs"), v -> List.of(v.id(), v.name(), usage(v.usage().instances(), v.quota().instances()),
                                usage(v.usage().cpus(), v.quota().cpus()),
                                usage(v.usage().memoryMiB(), v.quota().memoryMiB()),
                                usage(v.usage().diskGiB(), v.quota().diskGiB()),
                                usage(v.usage().ips(), v.quota().ips())));
                return null;
            });
        }
    }

    private static String usage(long used, Number quota) {
        return used + " / " + (quota == null ? "-" : quota.toString());
    }

    /** The quota options of vdc-add and vdc-quota; an omitted one is unlimited. */
    abstract static class QuotaAction implements Action {
        @Reference VdcService vdcs;
        @Reference AuthService auth;
        @Option(name = "--max-cpus", description = "vCPU quota") Integer cpus;
        @Option(name = "--max-memory", description = "memory quota in MiB") Long memory;
        @Option(name = "--max-disk-gib", description = "disk quota in GiB") Long disk;
        @Option(name = "--max-instances", description = "instance quota") Integer instances;
        @Option(name = "--max-ips", description = "quota of addresses on networks") Integer ips;

        Quota quota() {
            return new Quota(cpus, memory, disk, instances, ips);
        }
    }

    @Service
    @Command(scope = "ovm", name = "vdc-add", description = "Create a virtual data center")
    public static class VdcAdd extends QuotaAction {
        @Argument(index = 0, name = "name", required = true, description = "VDC name") private String name;
        @Option(name = "--description", description = "free text") private String description;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                System.out.println("vdc " + vdcs.create(Shell.caller(auth), new VdcRequest(name, description,
                        quota())).id());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "vdc-quota", description = "Replace a VDC's quota; omitted limits become "
            + "unlimited")
    public static class VdcQuota extends QuotaAction {
        @Argument(index = 0, name = "id", required = true, description = "VDC id") private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var vdc = vdcs.setQuota(Shell.caller(auth), id, quota());
                System.out.println("vdc " + vdc.id() + " instances " + usage(vdc.usage().instances(),
                        vdc.quota().instances()) + ", vCPUs " + usage(vdc.usage().cpus(), vdc.quota().cpus())
                        + ", memory MiB " + usage(vdc.usage().memoryMiB(), vdc.quota().memoryMiB()) + ", disk GiB "
                        + usage(vdc.usage().diskGiB(), vdc.quota().diskGiB()) + ", IPs " + usage(vdc.usage().ips(),
                                vdc.quota().ips()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "vdc-delete", description = "Delete a VDC without users or instances")
    public static class VdcDelete implements Action {
        @Reference private VdcService vdcs;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "VDC id") private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                vdcs.delete(Shell.caller(auth), id);
                System.out.println("vdc " + id + " deleted");
                return null;
            });
        }
    }
}
