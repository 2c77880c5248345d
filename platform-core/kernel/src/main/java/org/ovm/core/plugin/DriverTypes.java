package org.ovm.core.plugin;

import java.util.List;

/**
 * The driver types installed now, by area, each sorted: what a host, storage pool or network
 * may be created with ({@code hypervisor}: {@code kvm}, {@code docker}, ...; {@code storage}:
 * {@code local}, ...; {@code network}: {@code bridge}, ...). A type disappears when its plugin
 * is uninstalled.
 *
 * @since 1.1
 */
public record DriverTypes(List<String> hypervisor, List<String> storage, List<String> network) {

    public DriverTypes {
        hypervisor = List.copyOf(hypervisor);
        storage = List.copyOf(storage);
        network = List.copyOf(network);
    }
}
