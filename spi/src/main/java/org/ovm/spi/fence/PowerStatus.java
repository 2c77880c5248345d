package org.ovm.spi.fence;

/** A host's power as its management controller reports it. */
public enum PowerStatus {
    /** The controller reports the chassis powered on. */
    ON,
    /** The controller reports the chassis powered off. */
    OFF,
    /**
     * The controller answered but did not say on or off (an answer the driver does not understand).
     * Never a proof that the host is off: the kernel treats it like {@link #ON} when it decides
     * whether a host is fenced.
     */
    UNKNOWN
}
