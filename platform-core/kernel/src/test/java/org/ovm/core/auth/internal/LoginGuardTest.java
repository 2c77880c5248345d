package org.ovm.core.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.internal.KernelConfig.LoginLimits;

class LoginGuardTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginGuard guard = new LoginGuard(now::get);

    @Test
    void configuredLimitsApply() {
        LoginGuard strict = new LoginGuard(now::get, new LoginLimits(2, 4, 1, 3));
        strict.failed("bob", null);
        strict.failed("bob", null);
        strict.check("bob", null);
        strict.failed("bob", null);
        assertThat(strict.userDelay(3)).isEqualTo(1000);
        assertThat(strict.failed("bob", null)).as("the 4th failure locks").isTrue();
        assertThat(strict.userDelay(4)).isEqualTo(60_000);
    }

    private void fail(String user, String source, int times) {
        for (int i = 0; i < times; i++) {
            guard.check(user, source);
            guard.failed(user, source);
        }
    }

    private long waitSeconds(String user, String source) {
        try {
            guard.check(user, source);
            return 0;
        } catch (OvmException e) {
            assertThat(e.error()).isEqualTo(OvmError.TOO_MANY_REQUESTS);
            return e.retryAfterSeconds();
        }
    }

    @Test
    void theFirstFailuresAreFreeThenEachDoublesTheWait() {
        fail("alice", "10.0.0.1", LoginLimits.DEFAULT.freeFailures());
        assertThat(waitSeconds("alice", "10.0.0.2")).isZero();
        guard.failed("alice", "10.0.0.2");
        assertThat(waitSeconds("alice", "10.0.0.3")).isEqualTo(1);
        now.addAndGet(1000);
        guard.failed("alice", "10.0.0.3");
        assertThat(waitSeconds("ALICE", "10.0.0.4")).as("names compare without case").isEqualTo(2);
        assertThat(waitSeconds("bob", "10.0.0.4")).as("another account").isZero();
    }

    @Test
    void theTwentiethFailureLocksTheAccountUntilAnAdminUnlocksIt() {
        for (int i = 0; i < LoginLimits.DEFAULT.lockFailures(); i++) {
            now.addAndGet(61_000);
            guard.check("alice", "10.0.0." + i);
            boolean locked = guard.failed("alice", "10.0.0." + i);
            assertThat(locked).isEqualTo(i == LoginLimits.DEFAULT.lockFailures() - 1);
        }
        assertThatThrownBy(() -> guard.check("alice", "10.9.9.9")).hasMessageContaining("locked")
                .hasMessageContaining("unlock");
        assertThat(waitSeconds("alice", "10.9.9.9")).isEqualTo(LoginLimits.DEFAULT.lockMinutes() * 60);
        assertThat(guard.unlock("alice")).isTrue();
        assertThat(waitSeconds("alice", "10.9.9.9")).isZero();
    }

    @Test
    void anAddressGuessingManyAccountsIsSlowedAndASuccessClearsIt() {
        for (int i = 0; i < LoginLimits.DEFAULT.freeSourceFailures(); i++) {
            guard.check("user" + i, "10.0.0.1");
            guard.failed("user" + i, "10.0.0.1");
        }
        guard.failed("one-more", "10.0.0.1");
        assertThatThrownBy(() -> guard.check("fresh", "10.0.0.1")).hasMessageContaining("this address");
        assertThat(waitSeconds("fresh", "10.0.0.2")).isZero();
        guard.succeeded("fresh", "10.0.0.1");
        assertThat(waitSeconds("fresh", "10.0.0.1")).isZero();
        guard.failed(null, "10.0.0.5"); // a wrong token counts for the address only
        assertThat(waitSeconds(null, "10.0.0.5")).isZero();
    }

    @Test
    void theWaitIsBounded() {
        assertThat(LoginGuard.delay(5, LoginLimits.DEFAULT.freeFailures())).isZero();
        assertThat(LoginGuard.delay(6, LoginLimits.DEFAULT.freeFailures())).isEqualTo(1000);
        assertThat(LoginGuard.delay(19, LoginLimits.DEFAULT.freeFailures())).isEqualTo(60_000);
        assertThat(guard.userDelay(20)).as("the lock").isEqualTo(15 * 60_000);
        assertThat(LoginGuard.delay(60, LoginLimits.DEFAULT.freeSourceFailures())).isEqualTo(60_000);
    }
}
