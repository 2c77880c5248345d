package org.ovm.core.balance;

import org.ovm.core.Caller;

/** Runs a cluster's balancing policy on demand (the periodic balancer runs it too). Admin only. */
public interface BalanceService {

    /**
     * Measures the cluster's hosts and proposes moves after its policy; unless {@code dryRun}, starts them (at most
     * {@code maxMigrations} at a time; the report lists them as {@code STARTED} or {@code QUEUED}) and records the
     * event {@code cluster/balanced} when they are done. 409 when a run of the cluster is going on; a cluster
     * with policy {@code NONE} proposes nothing and says so.
     */
    BalanceReport balance(Caller caller, String clusterId, boolean dryRun);
}
