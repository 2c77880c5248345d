package org.ovm.spi.scheduler;

/**
 * A filter's verdict.
 *
 * @param passed true if the host may take the request
 * @param reason why not, naming the numbers (e.g. {@code memory 3.5 GiB free < 4 GiB requested})
 */
public record FilterResult(boolean passed, String reason) {

    private static final FilterResult PASS = new FilterResult(true, null);

    public static FilterResult pass() {
        return PASS;
    }

    public static FilterResult reject(String reason) {
        return new FilterResult(false, reason);
    }
}
