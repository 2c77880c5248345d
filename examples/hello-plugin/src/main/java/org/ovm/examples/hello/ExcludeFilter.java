package org.ovm.examples.hello;

import java.util.Arrays;

import org.ovm.spi.scheduler.FilterResult;
import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostFilter;
import org.ovm.spi.scheduler.PlacementRequest;

/**
 * A third-party placement filter: rejects the hosts the policy parameter {@code hello.exclude}
 * lists by name (comma separated), saying why, as every filter must.
 */
public final class ExcludeFilter implements HostFilter {

    @Override
    public String name() {
        return "hello-exclude";
    }

    @Override
    public FilterResult filter(PlacementRequest request, HostCandidate host) {
        String excluded = request.parameters().getOrDefault("hello.exclude", "");
        return Arrays.asList(excluded.split(",")).contains(host.name())
                ? FilterResult.reject("excluded by the policy's hello.exclude")
                : FilterResult.pass();
    }
}
