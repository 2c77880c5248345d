/**
 * The Docker plugin: a {@link org.ovm.spi.hypervisor.HypervisorDriver} for Docker engines (their
 * containers are OVM instances of type {@code container}) and a
 * {@link org.ovm.spi.network.NetworkDriver} realizing OVM networks as engine networks. Private:
 * docker-java and its libraries are embedded in this bundle.
 */
package org.ovm.plugin.docker.internal;
