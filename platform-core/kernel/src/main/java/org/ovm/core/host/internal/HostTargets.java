package org.ovm.core.host.internal;

import java.util.concurrent.CompletionStage;

/** Resolves a host to its hypervisor driver and endpoint; the kernel's is {@link HostAccess#target}. */
@FunctionalInterface
public interface HostTargets {

    CompletionStage<HostAccess.Target> target(String hostId, boolean waitForDriver);
}
