/**
 * Network drivers: realize networks on hosts, plug NICs, reserve DHCP leases.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ovm.spi.network;
