package org.ovm.spi.common;

/**
 * Where a long operation (a copy, a migration) reports how far it got; the kernel shows it on the
 * task. Calls may come from any thread; reports after the operation completed are ignored.
 *
 * @since 1.1
 */
@FunctionalInterface
public interface Progress {

    /** A progress that goes nowhere. */
    Progress NONE = (percent, message) -> {
    };

    /**
     * @param percent 0..100
     * @param message what is being done, for operators (never a secret)
     */
    void report(int percent, String message);
}
