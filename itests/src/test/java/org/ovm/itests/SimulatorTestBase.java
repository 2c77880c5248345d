package org.ovm.itests;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.SharedDistribution;

/**
 * The ITs that run on the shared distribution with the simulator plugin: the engine is started
 * once for all of them ({@link SharedDistribution}), and the simulator is installed before a
 * class's own setup (a no-op when another class installed it already).
 */
@ExtendWith(SharedDistribution.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SimulatorTestBase {

    static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

    final Distribution dist;
    final Api api;

    SimulatorTestBase(Distribution dist) {
        this.dist = dist;
        this.api = dist.api();
    }

    @BeforeAll
    void installTheSimulator() throws Exception {
        api.installPlugins("ovm-plugin-simulator");
    }
}
