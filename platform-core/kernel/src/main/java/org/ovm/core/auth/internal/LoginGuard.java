package org.ovm.core.auth.internal;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.ovm.core.OvmException;
import org.ovm.core.internal.KernelConfig.LoginLimits;

/**
 * Throttles password guessing, per account and per client address ({@link LoginLimits}, from the
 * kernel configuration: defaults in brackets). The first consecutive failures of an account
 * [5] cost nothing; each further one makes the account wait twice as long as the one before
 * (1 s, 2 s, ... at most a minute); the locking failure [20th] locks it [for 15 minutes], or
 * until an admin unlocks it. An address gets some failures [20], across accounts, before the
 * same backoff. While an account or an address waits, even the right password is refused (429),
 * so guessing cannot go on in parallel. A success clears both. Unknown user names are counted
 * like known ones, so the answers tell nothing about which exist. In memory: a restart forgets it.
 */
final class LoginGuard {

    private static final long MAX_DELAY_MILLIS = 60_000;
    private static final int MAX_ENTRIES = 10_000;

    private record Failures(int count, long blockedUntil) {
    }

    private final Map<String, Failures> users = new ConcurrentHashMap<>();
    private final Map<String, Failures> sources = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final LoginLimits limits;

    LoginGuard(LongSupplier clock) {
        this(clock, LoginLimits.DEFAULT);
    }

    LoginGuard(LongSupplier clock, LoginLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    LoginLimits limits() {
        return limits;
    }

    /** Fails with 429 and the time to wait while the account or the address must wait. */
    void check(String username, String source) {
        long now = clock.getAsLong();
        Failures user = username == null ? null : users.get(key(username));
        if (user != null && user.blockedUntil() > now) {
            throw OvmException.tooManyRequests(user.count() >= limits.lockFailures()
                    ? "this account is locked after " + user.count() + " failed logins: wait, or ask an "
                            + "administrator to unlock it on the Users page (shell: ovm:user-unlock)"
                    : "too many failed logins for this account: wait before trying again", seconds(user, now));
        }
        Failures from = source == null ? null : sources.get(source);
        if (from != null && from.blockedUntil() > now) {
            throw OvmException.tooManyRequests("too many failed logins from this address: wait before trying again",
                    seconds(from, now));
        }
    }

    /** Records a failed login (of no account: a wrong token); true when it just locked the account. */
    boolean failed(String username, String source) {
        long now = clock.getAsLong();
        Failures user = null;
        if (username != null) {
            prune(users, now);
            user = users.merge(key(username), new Failures(1, now + userDelay(1)),
                    (old, one) -> new Failures(old.count() + 1, now + userDelay(old.count() + 1)));
        }
        if (source != null) {
            prune(sources, now);
            sources.merge(source, new Failures(1, now + delay(1, limits.freeSourceFailures())),
                    (old, one) -> new Failures(old.count() + 1, now + delay(old.count() + 1,
                            limits.freeSourceFailures())));
        }
        return user != null && user.count() == limits.lockFailures();
    }

    /** A successful login clears the account's and the address's failures. */
    void succeeded(String username, String source) {
        if (username != null) {
            users.remove(key(username));
        }
        if (source != null) {
            sources.remove(source);
        }
    }

    /** Lifts an account's lockout and backoff; true if there was one. */
    boolean unlock(String username) {
        return users.remove(key(username)) != null;
    }

    /** How long an account's {@code count}th consecutive failure makes it wait (the lock included). */
    long userDelay(int count) {
        return count >= limits.lockFailures() ? limits.lockMinutes() * 60_000 : delay(count, limits.freeFailures());
    }

    /** How long the {@code count}th consecutive failure makes the caller wait, {@code free} being free. */
    static long delay(int count, int free) {
        if (count <= free) {
            return 0;
        }
        return Math.min(MAX_DELAY_MILLIS, 1000L << Math.min(16, count - free - 1));
    }

    private static long seconds(Failures f, long now) {
        return (f.blockedUntil() - now + 999) / 1000;
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /** Keeps the maps small: entries long past their wait go when they grow large. */
    private static void prune(Map<String, Failures> map, long now) {
        if (map.size() > MAX_ENTRIES) {
            map.values().removeIf(f -> f.blockedUntil() < now - 3_600_000);
        }
    }
}
