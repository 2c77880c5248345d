package org.ovm.spi.hypervisor;

/** An instance's power state as the hypervisor reports it. */
public enum PowerState {
    RUNNING, STOPPED, PAUSED, UNKNOWN
}
