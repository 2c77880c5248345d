package org.ovm.spi.network;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.OperationContext;

/**
 * Optional, implemented by a {@link NetworkDriver}: enforces security groups and anti-spoofing on
 * the NICs of its networks. The kernel applies a NIC's policy after reserving its address, again
 * whenever the NIC's groups or their rules change (while the instance runs too), and removes it
 * when the NIC goes. A driver keeps the policy while the NIC is away (a stopped guest) and enforces
 * it again as soon as the NIC is back on the host.
 *
 * @since 1.1
 */
@ConsumerType
public interface PortSecuritySupport {

    /**
     * Makes the host enforce {@code policy} for the NIC with {@code policy.mac()}. Idempotent;
     * replaces what was applied before. Fails with {@code UNSUPPORTED} where the host type cannot
     * filter (say which, in the user's terms).
     */
    CompletionStage<Void> applyPortPolicy(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            PortPolicy policy);

    /** Stops enforcing anything for the NIC with {@code mac}. Idempotent. */
    CompletionStage<Void> removePortPolicy(OperationContext ctx, NetworkSpec network, NetworkTarget target,
            String mac);
}
