package org.ovm.core.instance;

import org.ovm.spi.hypervisor.ContainerSupport;
import org.ovm.spi.hypervisor.HypervisorDriver;

/** The types of instances: virtual machines, and containers on hosts whose driver runs them. */
public final class InstanceKinds {

    public static final String VM = "vm";
    public static final String CONTAINER = "container";

    private InstanceKinds() {
    }

    /** The type of the instances a driver runs. */
    public static String of(HypervisorDriver driver) {
        return driver instanceof ContainerSupport ? CONTAINER : VM;
    }
}
