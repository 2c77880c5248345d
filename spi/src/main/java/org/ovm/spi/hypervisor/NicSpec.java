package org.ovm.spi.hypervisor;

/**
 * A network interface to attach.
 *
 * @param mac       the MAC address the kernel allocated
 * @param portRef   where to plug it on the host (bridge, port group), as the network driver said
 * @param vlan      802.1Q tag, or 0 for none
 * @param model     NIC model ({@code virtio}, {@code e1000}, {@code vmxnet3}), or null for default
 */
public record NicSpec(String mac, String portRef, int vlan, String model) {
}
