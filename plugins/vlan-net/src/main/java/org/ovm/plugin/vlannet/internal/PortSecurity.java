package org.ovm.plugin.vlannet.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ovm.spi.network.PortPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the OpenFlow rules of each NIC in line with its desired policy (in the state directory): finds
 * the NIC's port by {@code external_ids:attached-mac}, installs {@link PortFlows} for its current port
 * number (one atomic bundle per NIC), removes them when the NIC leaves the bridge, and installs them
 * again when it comes back (a restarted guest gets another port number). What it installed is
 * remembered, so a reconcile that changes nothing runs no OpenFlow command. Callers serialize calls.
 */
final class PortSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(PortSecurity.class);

    private final StateStore store;
    private final Commands commands;

    /** Installed rules per bridge ({@code runDir/bridge}) and NIC cookie. */
    private final Map<String, Map<Long, List<String>>> installed = new ConcurrentHashMap<>();

    PortSecurity(StateStore store, Commands commands) {
        this.store = store;
        this.commands = commands;
    }

    /** Records the NIC's desired policy and enforces it at once. */
    void apply(Realization r, PortPolicy policy) {
        PortPolicy normalized = new PortPolicy(policy.mac().toLowerCase(Locale.ROOT), policy.ip(), policy.filtered(),
                policy.ingress(), policy.egress());
        for (var rule : normalized.ingress()) {
            PortFlows.matches(rule, "nw_src");
        }
        for (var rule : normalized.egress()) {
            PortFlows.matches(rule, "nw_dst");
        }
        store.savePolicy(r, normalized);
        reconcile(r);
    }

    /** The anti-spoofing part of a reservation: the NIC may send from {@code ip}; its filtering stays. */
    void reserved(Realization r, String mac, String ip) {
        PortPolicy policy = store.policy(r, mac).map(p -> new PortPolicy(mac, ip, p.filtered(), p.ingress(), p.egress()))
                .orElse(new PortPolicy(mac, ip, false, List.of(), List.of()));
        apply(r, policy);
    }

    /** Forgets the NIC and removes its rules. */
    void remove(Realization r, String mac) {
        String m = mac.toLowerCase(Locale.ROOT);
        store.deletePolicy(r, m);
        long cookie = PortFlows.cookie(m);
        new Ovs(commands, r.bridge(), r.runDir()).deleteFlows(cookie, "removing the port rules of NIC " + m);
        bridgeCache(r).remove(cookie);
    }

    /** Removes the rules of every NIC of a realization being removed (its policies go with its state). */
    void removeAll(Realization r) {
        for (PortPolicy p : store.policies(r)) {
            remove(r, p.mac());
        }
    }

    /** Removes the bridge-wide rules once no realization of this machine uses {@code r}'s bridge any more. */
    void removeBaseFlowsIfUnused(Realization r) {
        boolean used = store.all().stream()
                .anyMatch(o -> o.bridge().equals(r.bridge()) && o.runDir().equals(r.runDir()));
        if (!used) {
            new Ovs(commands, r.bridge(), r.runDir()).deleteFlows(PortFlows.BASE_COOKIE,
                    "removing the port-security base rules of bridge " + r.bridge());
            installed.remove(r.runDir() + "/" + r.bridge());
        }
    }

    /** Brings the rules of every NIC of {@code r} in line with the bridge as it is now. */
    void reconcile(Realization r) {
        List<PortPolicy> policies = store.policies(r);
        if (policies.isEmpty()) {
            return;
        }
        Ovs ovs = new Ovs(commands, r.bridge(), r.runDir());
        Map<Long, List<String>> cache = bridgeCache(r);
        if (!ovs.hasFlows(PortFlows.BASE_COOKIE)) {
            // a new bridge, or Open vSwitch restarted and lost every rule: install everything again
            cache.clear();
            ovs.addFlows(PortFlows.baseFlows(), "adding the port-security base rules to bridge " + r.bridge());
        }
        Map<String, Integer> ofports = ovs.ofportsByMac();
        for (PortPolicy policy : policies) {
            long cookie = PortFlows.cookie(policy.mac());
            Integer ofport = ofports.get(policy.mac());
            if (ofport == null) {
                if (cache.remove(cookie) != null) {
                    LOG.info("NIC {} left bridge {}: removing its port rules", policy.mac(), r.bridge());
                    ovs.deleteFlows(cookie, "removing the port rules of NIC " + policy.mac());
                }
                continue;
            }
            List<String> flows = PortFlows.flows(policy, ofport, r.vlan());
            if (flows.equals(cache.get(cookie))) {
                continue;
            }
            LOG.info("enforcing the port policy of NIC {} ({}{}) on port {} of bridge {}", policy.mac(), policy.ip(),
                    policy.filtered() ? ", filtered" : "", ofport, r.bridge());
            ovs.replaceFlows(cookie, flows, "installing the port rules of NIC " + policy.mac());
            cache.put(cookie, flows);
        }
    }

    private Map<Long, List<String>> bridgeCache(Realization r) {
        return installed.computeIfAbsent(r.runDir() + "/" + r.bridge(), k -> new ConcurrentHashMap<>());
    }
}
