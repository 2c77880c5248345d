/**
 * The IPMI fence driver: {@code ipmitool chassis power status|off|on} against a host's BMC.
 */
package org.ovm.plugin.ipmifence.internal;
