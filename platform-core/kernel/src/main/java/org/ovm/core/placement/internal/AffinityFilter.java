package org.ovm.core.placement.internal;

import java.util.Arrays;

import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.PlacementRequest;

/**
 * Honours the instance's affinity group: anti-affinity rejects every host already holding a member;
 * affinity rejects every host but those holding members (any host while the group is empty).
 */
public final class AffinityFilter implements HostFilter {

    /** Request hints set when the instance joins a group. */
    public static final String GROUP = "affinity.group";
    public static final String KIND = "affinity.kind";
    /** Comma-separated ids of the hosts holding the group's members. */
    public static final String HOSTS = "affinity.hosts";

    public static final String AFFINITY = "affinity";
    public static final String ANTI_AFFINITY = "anti-affinity";

    @Override
    public String name() {
        return "affinity";
    }

    @Override
    public FilterResult filter(PlacementRequest request, HostCandidate host) {
        String kind = request.parameters().get(KIND);
        if (kind == null) {
            return FilterResult.pass();
        }
        String hosts = request.parameters().getOrDefault(HOSTS, "");
        boolean holdsMember = !hosts.isEmpty() && Arrays.asList(hosts.split(",")).contains(host.hostId());
        String group = request.parameters().get(GROUP);
        if (ANTI_AFFINITY.equals(kind) && holdsMember) {
            return FilterResult.reject(FilterResult.AFFINITY, "already runs a member of anti-affinity group " + group);
        }
        if (AFFINITY.equals(kind) && !hosts.isEmpty() && !holdsMember) {
            return FilterResult.reject(FilterResult.AFFINITY, "runs no member of affinity group " + group + " (they run elsewhere)");
        }
        return FilterResult.pass();
    }
}
