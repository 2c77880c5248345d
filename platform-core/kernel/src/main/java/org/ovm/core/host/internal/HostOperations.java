package org.ovm.core.host.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.host.HostState;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.support.Json;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.core.task.internal.Failures;
import org.ovm.core.task.internal.Operation;
import org.ovm.core.task.internal.SimpleOperation;
import org.ovm.core.task.internal.Step;
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
        Step probe = Step.of("probe", ctx -> {
            return access.target(ctx.resourceId(), ctx.recovering())
                    .thenCompose(target -> target.driver().probe(ctx.operation(), target.endpoint()))
                    .handle((facts, error) -> {
                        if (error != null) {
                            recordState(ctx.resourceId(), HostState.ERROR, Failures.message(error), null);
                            throw new CompletionException(Failures.unwrap(error));
                        }
                        recordState(ctx.resourceId(), HostState.UP, null, facts);
                        connected.accept(ctx.resourceId());
                        return Map.of("cpus", String.valueOf(facts.cpus()));
                    });
        });
        return new SimpleOperation(CONNECT, List.of(probe), Operation.Recovery.RESUME);
    }

    /** How stale {@code lastProbe} may get while probes find nothing new. */
    static final long PROBE_RECORD_MILLIS = 5 * 60 * 1000L;

    private static boolean unchanged(HostEntity host, HostState state, String reason, HostFacts facts) {
        return state == host.getState() && Objects.equals(reason, host.getStateReason())
                && facts != null && facts.cpus() == host.getCpus() && facts.memoryMiB() == host.getMemoryMib()
                && Objects.equals(facts.cpuModel(), host.getCpuModel())
                && Objects.equals(facts.hypervisorVersion(), host.getHypervisorVersion())
                && Json.write(facts.details()).equals(host.getFacts())
                && Times.now() - host.getLastProbe() < PROBE_RECORD_MILLIS;
    }

    /**
     * Whether a good probe of an {@code UP} host (as last read) would change nothing: same facts, no setting to
     * learn, its last recorded probe recent enough. The monitor then skips the transaction.
     */
    boolean unchanged(HostEntity host, HostFacts reported) {
        Map<String, String> learned = new LinkedHashMap<>();
        HostFacts facts = withoutLearned(reported, learned);
        Map<String, String> settings = learned.isEmpty() ? Map.of() : Json.read(host.getSettings());
        return settings.keySet().containsAll(learned.keySet())
                && unchanged(host, HostState.UP, null, facts);
    }

    /** The facts without the settings the driver learned, which go to {@code learned}. */
    private static HostFacts withoutLearned(HostFacts facts, Map<String, String> learned) {
        if (facts == null) {
            return null;
        }
        Map<String, String> details = new LinkedHashMap<>();
        facts.details().forEach((k, v) -> {
            if (k.startsWith(HostFacts.LEARNED_SETTING_PREFIX)) {
                learned.put(k.substring(HostFacts.LEARNED_SETTING_PREFIX.length()), v);
            } else {
                details.put(k, v);
            }
        });
        return learned.isEmpty() ? facts
                : new HostFacts(facts.cpuModel(), facts.cpus(), facts.memoryMiB(), facts.hypervisorVersion(), details);
    }

    /** Stores the settings a driver learned (a first-use certificate fingerprint) that the host lacks. */
    private static List<String> learn(HostEntity host, Map<String, String> learned) {
        List<String> added = new ArrayList<>();
        if (learned.isEmpty()) {
            return added;
        }
        Map<String, String> settings = new LinkedHashMap<>(Json.read(host.getSettings()));
        learned.forEach((k, v) -> {
            if (!settings.containsKey(k) && k.matches("[A-Za-z][A-Za-z0-9._-]{0,63}") && v != null && v.length() <= 512) {
                settings.put(k, v);
                added.add(k + "=" + v);
            }
        });
        if (!added.isEmpty()) {
            host.setSettings(Json.write(settings));
        }
        return added;
    }

    /** The event topic of a change to {@code state}: the HA monitor's stages have their own. */
    static String topic(HostState state) {
        return switch (state) {
            case SUSPECT -> "host/suspect";
            case DOWN -> "host/down";
            case NON_RESPONSIVE -> "host/non-responsive";
            default -> "host/state";
        };
    }

    /** Stores a probe's outcome on the host and records a state-change event. */
    public void recordState(String hostId, HostState probed, String probedReason, HostFacts reported) {
        Map<String, String> learned = new LinkedHashMap<>();
        HostFacts facts = withoutLearned(reported, learned);
        List<String> pinned = new ArrayList<>();
        HostState[] change = tx.call(em -> {
            HostEntity host = em.find(HostEntity.class, hostId);
            if (host == null) {
                return null;
            }
            pinned.clear();
            pinned.addAll(learn(host, learned));
            HostState before = host.getState();
            // a probe (refresh) of a host in maintenance updates its facts, never its state
            boolean maintenance = before == HostState.MAINTENANCE || before == HostState.PREPARING_FOR_MAINTENANCE;
            HostState state = maintenance ? before : probed;
            String reason = maintenance ? host.getStateReason() : probedReason;
            if (unchanged(host, state, reason, facts)) {
                return new HostState[] {before, state}; // a probe that found nothing new writes nothing
            }
            host.setState(state);
            host.setStateReason(reason);
            if (state == HostState.UP) {
                // it answers again: an admin's "it is powered off" no longer holds
                host.setConfirmedDownAt(null);
                host.setConfirmedDownBy(null);
            }
            if (facts != null) {
                host.setCpuModel(facts.cpuModel());
                host.setCpus(facts.cpus());
                host.setMemoryMib(facts.memoryMiB());
                host.setHypervisorVersion(facts.hypervisorVersion());
                host.setFacts(Json.write(facts.details()));
                host.setLastProbe(Times.now());
            }
            return new HostState[] {before, state};
        });
        if (!pinned.isEmpty()) {
            events.publish("host/setting", hostId, "system", null,
                    "learned at first contact, pinned from now on: " + String.join(", ", pinned));
        }
        if (change != null && change[0] != change[1]) {
            events.publish(topic(change[1]), hostId, "system", null,
                    "host state " + change[0] + " -> " + change[1] + (probedReason == null ? "" : ": " + probedReason));
            if (change[1] == HostState.UP && (change[0] == HostState.DOWN || change[0] == HostState.NON_RESPONSIVE)) {
                // back after a failure: sync it now (the definitions HA restarts left there go at once, so the
                // instances can move back) rather than at the next sync period
                connected.accept(hostId);
            }
        }
    }
}
