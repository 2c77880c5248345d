package org.ovm.core.balance.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ovm.core.balance.BalancingSettings;

/**
 * The balancing decisions, pure: given the UP hosts of a cluster (capacity and allocations), the instances running
 * there (size, measured CPU, affinity group) and the settings, proposes moves with their reasons. Every move keeps
 * the target within its capacity after overcommit, below {@code highPercent} in CPU and memory, and within the
 * instance's affinity group (anti-affinity: no other member on the target; affinity: only to a host that already
 * runs another member). Loads: CPU = busy cores of the instances / host cores; memory = memory of the running
 * instances / host memory.
 */
public final class Proposer {

    /** A host (UP) of the cluster. */
    public record Host(String id, String name, int cpus, long memoryMiB, double cpuOvercommit,
            double memoryOvercommit, int allocCpus, long allocMemoryMiB) {
    }

    /**
     * An instance running on one of the hosts: {@code cpuCores} is its measured CPU use in cores, {@code pinned}
     * why it must not move (null: movable), {@code groupKind} {@code affinity} or {@code anti-affinity}.
     */
    public record Vm(String id, String name, String hostId, int cpus, long memoryMiB, double cpuCores,
            String groupId, String groupName, String groupKind, String pinned) {
    }

    public record Move(Vm vm, Host from, Host to, String reason) {
    }

    /** The moves in order, notes on what stayed and why, and the hosts the moves leave empty. */
    public record Proposal(List<Move> moves, List<String> notes, List<String> emptied) {
    }

    private final BalancingSettings settings;
    private final Map<String, Host> hosts = new HashMap<>();
    private final List<Host> order;
    private final List<Vm> vms;
    private final State state;

    public Proposer(BalancingSettings settings, List<Host> hosts, List<Vm> vms) {
        this.settings = settings;
        this.order = hosts.stream().sorted(Comparator.comparing(Host::name)).toList();
        hosts.forEach(h -> this.hosts.put(h.id(), h));
        this.vms = vms.stream().filter(v -> this.hosts.containsKey(v.hostId())).toList();
        this.state = new State(this.vms);
    }

    /** CPU load of a host in percent. */
    public int cpuPercent(Host host) {
        return state.cpuPercent(host);
    }

    public int memoryPercent(Host host) {
        return state.memoryPercent(host);
    }

    public Proposal propose() {
        return switch (settings.policy()) {
            case BalancingSettings.POWER_SAVING -> powerSaving();
            case BalancingSettings.LOAD_BALANCING -> loadBalancing();
            default -> new Proposal(List.of(), List.of("the cluster's balancing policy is NONE"), List.of());
        };
    }

    private Proposal powerSaving() {
        List<Move> moves = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> emptied = new LinkedHashSet<>();
        Set<String> receivers = new LinkedHashSet<>();
        List<Host> lightest = order.stream().sorted(Comparator.comparingInt(this::load)).toList();
        for (Host host : lightest) {
            List<Vm> running = state.on(host.id());
            if (running.isEmpty()) {
                continue;
            }
            if (state.cpuPercent(host) >= settings.lowPercent() || state.memoryPercent(host) >= settings.lowPercent()) {
                notes.add("host " + host.name() + " stays: " + loadText(host) + " is not below the low threshold "
                        + settings.lowPercent() + "%");
                continue;
            }
            if (receivers.contains(host.id())) {
                notes.add("host " + host.name() + " stays: it takes instances of an emptied host");
                continue;
            }
            State trial = state.copy();
            List<Move> planned = new ArrayList<>();
            String refusal = null;
            List<Vm> largestFirst = running.stream().sorted(Comparator.comparingLong(Vm::memoryMiB).reversed()
                    .thenComparing(Vm::name)).toList();
            for (Vm vm : largestFirst) {
                if (vm.pinned() != null) {
                    refusal = "instance " + vm.name() + " cannot move: " + vm.pinned();
                    break;
                }
                List<String> why = new ArrayList<>();
                Host target = order.stream().filter(t -> !t.id().equals(host.id()) && !emptied.contains(t.id())
                        && !trial.on(t.id()).isEmpty() && fits(trial, vm, t, why))
                        .max(Comparator.comparingInt(t -> trial.load(t))).orElse(null);
                if (target == null) {
                    refusal = "instance " + vm.name() + " fits on no other busy host" + (why.isEmpty() ? ""
                            : " (" + String.join("; ", why) + ")");
                    break;
                }
                trial.move(vm, target);
                planned.add(new Move(vm, host, target, "power saving: host " + host.name() + " is lightly loaded ("
                        + loadText(host) + ", below " + settings.lowPercent() + "%); consolidating onto "
                        + target.name() + " (then " + trial.loadText(target) + ")"));
            }
            if (refusal != null) {
                notes.add("host " + host.name() + " stays: " + refusal);
                continue;
            }
            state.adopt(trial);
            moves.addAll(planned);
            emptied.add(host.id());
            planned.forEach(m -> receivers.add(m.to().id()));
        }
        if (moves.isEmpty() && notes.isEmpty()) {
            notes.add("nothing to consolidate: " + (order.size() < 2 ? "the cluster has fewer than two UP hosts"
                    : "at most one host runs instances"));
        }
        return new Proposal(moves, notes, List.copyOf(emptied));
    }

    private Proposal loadBalancing() {
        List<Move> moves = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Host> heaviest = order.stream().sorted(Comparator.comparingInt(this::load).reversed()).toList();
        for (Host host : heaviest) {
            if (!state.over(host, settings.highPercent())) {
                continue;
            }
            String before = loadText(host);
            while (state.over(host, settings.highPercent())) {
                Move move = relieve(host, before);
                if (move == null) {
                    break;
                }
                moves.add(move);
            }
            if (state.over(host, settings.highPercent()) && moves.stream().noneMatch(m -> m.from() == host)) {
                notes.add("host " + host.name() + " stays above " + settings.highPercent() + "% (" + before
                        + "): " + lastRefusal);
            } else if (state.over(host, settings.highPercent())) {
                notes.add("host " + host.name() + " is still above " + settings.highPercent() + "% after the moves: "
                        + lastRefusal);
            }
        }
        if (moves.isEmpty() && notes.isEmpty()) {
            Host top = heaviest.isEmpty() ? null : heaviest.get(0);
            notes.add("no host is above the high threshold " + settings.highPercent() + "%" + (top == null ? ""
                    : " (the most loaded, " + top.name() + ", is at " + loadText(top) + ")"));
        }
        return new Proposal(moves, notes, List.of());
    }

    private String lastRefusal = "";

    /** One move off an overloaded host: the smallest instance whose move is enough, else the largest that moves. */
    private Move relieve(Host host, String before) {
        boolean cpuOver = state.cpuPercent(host) > settings.highPercent();
        Comparator<Vm> size = cpuOver ? Comparator.comparingDouble(Vm::cpuCores) : Comparator.comparingLong(
                Vm::memoryMiB);
        List<Vm> movable = state.on(host.id()).stream().filter(v -> v.pinned() == null).toList();
        List<Vm> candidates = new ArrayList<>();
        movable.stream().filter(v -> enough(host, v)).sorted(size.thenComparing(Vm::name)).forEach(candidates::add);
        movable.stream().filter(v -> !enough(host, v)).sorted(size.reversed().thenComparing(Vm::name))
                .forEach(candidates::add);
        List<String> why = new ArrayList<>();
        state.on(host.id()).stream().filter(v -> v.pinned() != null).forEach(v -> why.add("instance " + v.name()
                + " cannot move: " + v.pinned()));
        for (Vm vm : candidates) {
            Host target = order.stream().filter(t -> !t.id().equals(host.id()) && fits(state, vm, t, why))
                    .min(Comparator.comparingInt(this::load).thenComparing(Host::name)).orElse(null);
            if (target != null) {
                state.move(vm, target);
                return new Move(vm, host, target, "load balancing: host " + host.name() + " is overloaded ("
                        + before + ", above " + settings.highPercent() + "%); " + target.name() + " is the least "
                        + "loaded host that stays below it (then " + state.loadText(target) + ")");
            }
        }
        lastRefusal = candidates.isEmpty() ? "none of its instances can move" + (why.isEmpty() ? ""
                : " (" + String.join("; ", why.subList(0, Math.min(6, why.size()))) + ")")
                : "no other host can take its instances without crossing the threshold" + (why.isEmpty() ? ""
                        : " (" + String.join("; ", why.subList(0, Math.min(6, why.size()))) + ")");
        return null;
    }

    /** Whether moving {@code vm} brings the host down to the high threshold. */
    private boolean enough(Host host, Vm vm) {
        State after = state.copy();
        after.remove(vm);
        return !after.over(host, settings.highPercent());
    }

    /** Whether {@code target} can take {@code vm} in {@code s}; adds the reason to {@code why} when not. */
    private boolean fits(State s, Vm vm, Host target, List<String> why) {
        String prefix = target.name() + " for " + vm.name() + ": ";
        if ((long) (target.cpus() * target.cpuOvercommit()) - s.allocCpus(target) < vm.cpus()
                || (long) (target.memoryMiB() * target.memoryOvercommit()) - s.allocMemory(target) < vm.memoryMiB()) {
            why.add(prefix + "no room (capacity)");
            return false;
        }
        if (vm.groupId() != null) {
            boolean member = s.on(target.id()).stream().anyMatch(o -> vm.groupId().equals(o.groupId())
                    && !o.id().equals(vm.id()));
            if ("anti-affinity".equals(vm.groupKind()) && member) {
                why.add(prefix + "anti-affinity group " + vm.groupName() + " has a member there");
                return false;
            }
            boolean memberAtStart = vms.stream().anyMatch(o -> vm.groupId().equals(o.groupId())
                    && !o.id().equals(vm.id()) && o.hostId().equals(target.id()));
            if ("affinity".equals(vm.groupKind()) && !memberAtStart) {
                why.add(prefix + "affinity group " + vm.groupName() + " keeps it with its members");
                return false;
            }
        }
        State after = s.copy();
        after.move(vm, target);
        if (after.cpuPercent(target) >= settings.highPercent() || after.memoryPercent(target)
                >= settings.highPercent()) {
            why.add(prefix + "it would reach " + after.loadText(target) + " (high " + settings.highPercent() + "%)");
            return false;
        }
        return true;
    }

    private int load(Host host) {
        return state.load(host);
    }

    private String loadText(Host host) {
        return state.loadText(host);
    }

    /** Where the instances are, with the allocations and loads that follow; moves change it. */
    private final class State {

        private final Map<String, String> where = new HashMap<>();
        private final Map<String, Vm> byId = new HashMap<>();

        State(List<Vm> vms) {
            vms.forEach(v -> {
                where.put(v.id(), v.hostId());
                byId.put(v.id(), v);
            });
        }

        State copy() {
            State copy = new State(List.of());
            copy.where.putAll(where);
            copy.byId.putAll(byId);
            return copy;
        }

        void adopt(State other) {
            where.clear();
            where.putAll(other.where);
        }

        void move(Vm vm, Host target) {
            where.put(vm.id(), target.id());
        }

        void remove(Vm vm) {
            where.remove(vm.id());
        }

        List<Vm> on(String hostId) {
            return vms.stream().filter(v -> hostId.equals(where.get(v.id()))).toList();
        }

        /** Allocations: the host's, plus what moved in, minus what moved out. */
        int allocCpus(Host host) {
            int delta = 0;
            for (Vm v : vms) {
                String now = where.get(v.id());
                delta += (host.id().equals(now) ? v.cpus() : 0) - (host.id().equals(v.hostId()) ? v.cpus() : 0);
            }
            return host.allocCpus() + delta;
        }

        long allocMemory(Host host) {
            long delta = 0;
            for (Vm v : vms) {
                String now = where.get(v.id());
                delta += (host.id().equals(now) ? v.memoryMiB() : 0) - (host.id().equals(v.hostId()) ? v.memoryMiB()
                        : 0);
            }
            return host.allocMemoryMiB() + delta;
        }

        int cpuPercent(Host host) {
            double cores = on(host.id()).stream().mapToDouble(Vm::cpuCores).sum();
            return (int) Math.round(100.0 * cores / Math.max(1, host.cpus()));
        }

        int memoryPercent(Host host) {
            long memory = on(host.id()).stream().mapToLong(Vm::memoryMiB).sum();
            return (int) Math.round(100.0 * memory / Math.max(1, host.memoryMiB()));
        }

        int load(Host host) {
            return Math.max(cpuPercent(host), memoryPercent(host));
        }

        boolean over(Host host, int high) {
            return cpuPercent(host) > high || memoryPercent(host) > high;
        }

        String loadText(Host host) {
            return cpuPercent(host) + "% CPU, " + memoryPercent(host) + "% memory";
        }
    }
}
