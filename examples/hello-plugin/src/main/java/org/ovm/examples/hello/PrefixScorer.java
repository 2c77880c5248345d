package org.ovm.examples.hello;

import org.ovm.spi.scheduler.HostCandidate;
import org.ovm.spi.scheduler.HostScorer;
import org.ovm.spi.scheduler.PlacementRequest;

/**
 * A third-party placement scorer: prefers hosts whose name starts with the policy parameter
 * {@code hello.prefix}. Pure and thread-safe, as the SPI asks; a policy names it
 * {@code hello-prefix} and gives it a weight.
 */
public final class PrefixScorer implements HostScorer {

    @Override
    public String name() {
        return "hello-prefix";
    }

    @Override
    public int score(PlacementRequest request, HostCandidate host) {
        String prefix = request.parameters().get("hello.prefix");
        return prefix != null && host.name().startsWith(prefix) ? 100 : 0;
    }
}
