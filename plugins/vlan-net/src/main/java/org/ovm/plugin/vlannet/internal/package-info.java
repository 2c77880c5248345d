/**
 * The VLAN network plugin's implementation: {@link org.ovm.plugin.vlannet.internal.VlanNetworkDriver} and what
 * it runs on this machine (Open vSwitch, network namespaces, dnsmasq, OpenFlow port security).
 */
package org.ovm.plugin.vlannet.internal;
