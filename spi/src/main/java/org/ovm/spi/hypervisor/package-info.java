/**
 * Hypervisor drivers: turn instance requests into calls on a hypervisor's own remote API.
 */
@org.osgi.annotation.versioning.Version("1.7.0")
package org.ovm.spi.hypervisor;
