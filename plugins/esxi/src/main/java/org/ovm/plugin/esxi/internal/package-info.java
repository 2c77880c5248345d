/**
 * The ESXi plugin: a {@link org.ovm.spi.hypervisor.HypervisorDriver} for standalone ESXi hosts
 * (no vCenter) and a {@link org.ovm.spi.storage.StorageDriver} for their datastores, over
 * yavijava with a tolerant response path. Private: yavijava and its libraries are embedded.
 */
package org.ovm.plugin.esxi.internal;
