package org.ovm.spi.hypervisor;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;

/**
 * Optional: where a running instance's NIC lives in this machine's kernel, for network drivers that
 * enforce port policies inside the instance's own network namespace (a container's security groups as
 * nftables rules there) without importing hypervisor plugins (see
 * {@link org.ovm.spi.network.NetworkTarget}).
 *
 * @since 1.7
 */
@ConsumerType
public interface NicNamespaceSupport {

    /**
     * The network namespace of the running instance whose NIC has {@code mac}, as a path this machine can
     * open ({@code /proc/<pid>/ns/net}), or empty when no running instance of the host has that NIC. Fails
     * with {@link org.ovm.spi.common.DriverException} {@code UNSUPPORTED} when the instance runs, but not on
     * this machine (an engine elsewhere: its processes and namespaces are not this machine's).
     *
     * @param mac the NIC's MAC address, lower or upper case
     */
    CompletionStage<Optional<String>> nicNamespace(OperationContext ctx, HostEndpoint host, String mac);
}
