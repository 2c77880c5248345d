package org.ovm.core.instance;

import org.ovm.spi.hypervisor.PowerState;

/** The life of an instance: its power state as the hypervisor reports it, plus OVM's own states. */
public enum InstanceState {
    /** Its create task runs. */
    CREATING,
    RUNNING,
    STOPPED,
    PAUSED,
    /** The hypervisor reports a state OVM does not know. */
    UNKNOWN,
    /** Its delete task runs. */
    DELETING,
    /** Managed, but gone from its host outside OVM: delete it to release what it held. */
    MISSING;

    /** The state of an instance whose hypervisor reports {@code power}. */
    public static InstanceState of(PowerState power) {
        return switch (power) {
            case RUNNING -> RUNNING;
            case STOPPED -> STOPPED;
            case PAUSED -> PAUSED;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /** True while a create or delete task owns the instance. */
    public boolean transitional() {
        return this == CREATING || this == DELETING;
    }
}
