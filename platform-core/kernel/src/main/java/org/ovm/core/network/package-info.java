/** Networks and IPAM: address ranges, NICs, and the addresses and MACs claimed for them. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.ovm.core.network;
