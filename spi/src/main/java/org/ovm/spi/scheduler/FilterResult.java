package org.ovm.spi.scheduler;

/**
 * A filter's verdict.
 *
 * @param passed true if the host may take the request
 * @param code   why not, as a stable code that clients and the portal group rejections by (one of
 *               the constants below, or a plugin's own in upper case); null when passed
 * @param reason why not, naming the numbers (e.g. {@code memory 3.5 GiB free < 4 GiB requested})
 */
public record FilterResult(boolean passed, String code, String reason) {

    /** Not enough free CPU or memory (after overcommit). */
    public static final String CAPACITY = "CAPACITY";
    /** The host is not in a state that takes instances (down, in maintenance, ...). */
    public static final String STATE = "STATE";
    /** The host runs another hypervisor type than the request needs. */
    public static final String TYPE = "TYPE";
    /** The host is outside the requested scope (named hosts, cluster, zone). */
    public static final String SCOPE = "SCOPE";
    /** The instance's storage pool is not reachable from the host. */
    public static final String STORAGE = "STORAGE";
    /** One of the instance's networks does not reach the host. */
    public static final String NETWORK = "NETWORK";
    /** An affinity or anti-affinity rule excludes the host. */
    public static final String AFFINITY = "AFFINITY";
    /** Any other reason (filters of 1.0 that give no code). */
    public static final String OTHER = "OTHER";

    private static final FilterResult PASS = new FilterResult(true, null, null);

    /** A verdict without a code (as in 1.0): a rejection gets {@link #OTHER}. Since 1.1 prefer the code. */
    public FilterResult(boolean passed, String reason) {
        this(passed, passed ? null : OTHER, reason);
    }

    public static FilterResult pass() {
        return PASS;
    }

    /** A rejection with code {@link #OTHER}. */
    public static FilterResult reject(String reason) {
        return new FilterResult(false, OTHER, reason);
    }

    /** A rejection with its code (see the constants). Since 1.1. */
    public static FilterResult reject(String code, String reason) {
        return new FilterResult(false, code, reason);
    }
}
