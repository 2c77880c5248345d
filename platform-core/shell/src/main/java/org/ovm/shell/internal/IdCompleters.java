package org.ovm.shell.internal;

import java.util.List;
import java.util.function.Function;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.PageRequest;
import org.ovm.core.host.ClusterService;
import org.ovm.core.host.HostService;
import org.ovm.core.host.ZoneService;
import org.ovm.core.instance.InstanceService;
import org.ovm.core.network.NetworkService;
import org.ovm.core.placement.AffinityGroupService;
import org.ovm.core.placement.PlacementPolicyService;
import org.ovm.core.plugin.PluginManager;
import org.ovm.core.task.TaskService;

/** Completers of object ids: each asks its service for the first page and offers the ids. */
public final class IdCompleters {

    private static final PageRequest FIRST_PAGE = new PageRequest(PageRequest.MAX_LIMIT, 0);

    private IdCompleters() {
    }

    /** Offers the ids {@link #ids()} returns. */
    abstract static class IdCompleter implements Completer {

        /** The ids to offer, read when the user asks for completion. */
        abstract List<String> ids();

        @Override
        public int complete(Session session, CommandLine line, List<String> candidates) {
            return new StringsCompleter(ids()).complete(session, line, candidates);
        }

        static <T> List<String> ids(List<T> items, Function<T, String> id) {
            return items.stream().map(id).toList();
        }
    }

    @Service
    public static class Zone extends IdCompleter {
        @Reference private ZoneService service;

        @Override
        List<String> ids() {
            return ids(service.list(Caller.SYSTEM, Filters.NONE, FIRST_PAGE).items(), v -> v.id());
        }
    }

    @Service
    public static class Cluster extends IdCompleter {
        @Reference private ClusterService service;

        @Override
        List<String> ids() {
            return ids(service.list(Caller.SYSTEM, Filters.NONE, FIRST_PAGE).items(), v -> v.id());
        }
    }

    @Service
    public static class Host extends IdCompleter {
        @Reference private HostService service;

        @Override
        List<String> ids() {
            return ids(service.list(Caller.SYSTEM, Filters.NONE, FIRST_PAGE).items(), v -> v.id());
        }
    }

    @Service
    public static class Instance extends IdCompleter {
        @Reference private InstanceService service;

        @Override
        List<String> ids() {
            return ids(service.list(Caller.SYSTEM, Filters.NONE, FIRST_PAGE).items(), v -> v.id());
        }
    }

    @Service
    public static class Network extends IdCompleter {
        @Reference private NetworkService service;

        @Override
        List<String> ids() {
            return ids(service.list(Caller.SYSTEM, Filters.NONE, FIRST_PAGE).items(), v -> v.id());
        }
    }

    @Service
    public static class AffinityGroup extends IdCompleter {
        @Reference private AffinityGroupService service;

        @Override
        List<String> ids() {
            return ids(service.list(Caller.SYSTEM, Filters.NONE, FIRST_PAGE).items(), v -> v.id());
        }
    }

    @Service
    public static class Policy extends IdCompleter {
        @Reference private PlacementPolicyService service;

        @Override
        List<String> ids() {
            return ids(service.list(Caller.SYSTEM), v -> v.id());
        }
    }

    @Service
    public static class Plugin extends IdCompleter {
        @Reference private PluginManager service;

        @Override
        List<String> ids() {
            return ids(service.list(Caller.SYSTEM), v -> v.id());
        }
    }

    @Service
    public static class Task extends IdCompleter {
        @Reference private TaskService service;

        @Override
        List<String> ids() {
            return ids(service.list(Caller.SYSTEM, Filters.NONE, FIRST_PAGE).items(), v -> v.id());
        }
    }
}
