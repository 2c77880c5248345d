package org.ovm.core.internal.ops;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.ovm.core.internal.Json;
import org.ovm.core.internal.Times;
import org.ovm.core.internal.Tx;
import org.ovm.core.internal.event.EventPublisher;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.task.Operation;
import org.ovm.core.internal.task.Step;
import org.ovm.core.internal.task.StepContext;
import org.ovm.core.internal.task.Failures;
import org.ovm.spi.hypervisor.HostFacts;

/** Host tasks: connect (probe facts) after add, and refresh. */
public final class HostOperations {

    public static final String CONNECT = "host.connect";

    private final Tx tx;
    private final HostAccess access;
    private final EventPublisher events;
    /** Told the id of each host that connected, to discover its instances at once. */
    private final Consumer<String> connected;

    public HostOperations(Tx tx, HostAccess access, EventPublisher events, Consumer<String> connected) {
        this.tx = tx;
        this.access = access;
        this.events = events;
        this.connected = connected;
    }

    public Operation connect() {
        Step probe = new Step() {
            @Override
            public String name() {
                return "probe";
            }

            @Override
            public CompletionStage<Map<String, String>> run(StepContext ctx) {
                return access.target(ctx.resourceId(), ctx.recovering())
                        .thenCompose(target -> target.driver().probe(ctx.operation(), target.endpoint()))
                        .handle((facts, error) -> {
                            if (error != null) {
                                recordState(ctx.resourceId(), "ERROR", Failures.message(error), null);
                                throw new java.util.concurrent.CompletionException(Failures.unwrap(error));
                            }
                            recordState(ctx.resourceId(), "UP", null, facts);
                            connected.accept(ctx.resourceId());
                            return Map.of("cpus", String.valueOf(facts.cpus()));
                        });
            }
        };
        return new SimpleOperation(CONNECT, List.of(probe), Operation.Recovery.RESUME);
    }

    /** How stale {@code lastProbe} may get while probes find nothing new. */
    static final long PROBE_RECORD_MILLIS = 5 * 60 * 1000L;

    private static boolean unchanged(HostEntity host, String state, String reason, HostFacts facts) {
        return state.equals(host.getState()) && java.util.Objects.equals(reason, host.getStateReason())
                && facts != null && facts.cpus() == host.getCpus() && facts.memoryMiB() == host.getMemoryMib()
                && java.util.Objects.equals(facts.cpuModel(), host.getCpuModel())
                && java.util.Objects.equals(facts.hypervisorVersion(), host.getHypervisorVersion())
                && Json.write(facts.details()).equals(host.getFacts())
                && Times.now() - host.getLastProbe() < PROBE_RECORD_MILLIS;
    }

    /** Stores a probe's outcome on the host and records a state-change event. */
    public void recordState(String hostId, String probed, String probedReason, HostFacts facts) {
        String[] change = tx.call(em -> {
            HostEntity host = em.find(HostEntity.class, hostId);
            if (host == null) {
                return null;
            }
            String before = host.getState();
            // a probe (refresh) of a host in maintenance updates its facts, never its state
            boolean maintenance = "MAINTENANCE".equals(before);
            String state = maintenance ? before : probed;
            String reason = maintenance ? host.getStateReason() : probedReason;
            if (unchanged(host, state, reason, facts)) {
                return new String[] {before, state}; // a probe that found nothing new writes nothing
            }
            host.setState(state);
            host.setStateReason(reason);
            if (facts != null) {
                host.setCpuModel(facts.cpuModel());
                host.setCpus(facts.cpus());
                host.setMemoryMib(facts.memoryMiB());
                host.setHypervisorVersion(facts.hypervisorVersion());
                host.setFacts(Json.write(facts.details()));
                host.setLastProbe(Times.now());
            }
            return new String[] {before, state};
        });
        if (change != null && !change[0].equals(change[1])) {
            events.publish("host/state", hostId, "system", null,
                    "host state " + change[0] + " -> " + change[1] + (probedReason == null ? "" : ": " + probedReason));
        }
    }
}
