/**
 * Balancing policies (issue 17): a cluster's {@link BalancingSettings} (none, load balancing or power saving, off by
 * default), the periodic balancer that moves instances live between the cluster's hosts, and
 * {@link BalanceService#balance} to run it now or see what it would propose. Implementation in {@code .internal}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.core.balance;
