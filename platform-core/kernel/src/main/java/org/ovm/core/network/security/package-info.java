/**
 * Security groups: a VDC's sets of allow rules, and the NICs in them. A NIC in no group is only
 * kept from spoofing its MAC and address; a NIC in at least one group receives only what a rule
 * of its groups allows (and replies to its own connections) and sends everything, unless its
 * groups have egress rules, then only what they allow.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ovm.core.network.security;
