package org.ovm.core.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;

class LoginGuardTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginGuard guard = new LoginGuard(now::get);

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
        fail("alice", "10.0.0.1", LoginGuard.FREE_USER_FAILURES);
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
        for (int i = 0; i < LoginGuard.LOCK_USER_FAILURES; i++) {
            now.addAndGet(61_000);
            guard.check("alice", "10.0.0." + i);
            boolean locked = guard.failed("alice", "10.0.0." + i);
            assertThat(locked).isEqualTo(i == LoginGuard.LOCK_USER_FAILURES - 1);
        }
        assertThatThrownBy(() -> guard.check("alice", "10.9.9.9")).hasMessageContaining("locked")
                .hasMessageContaining("unlock");
        assertThat(waitSeconds("alice", "10.9.9.9")).isEqualTo(LoginGuard.LOCK_MINUTES * 60);
        assertThat(guard.unlock("alice")).isTrue();
        assertThat(waitSeconds("alice", "10.9.9.9")).isZero();
    }

    @Test
    void anAddressGuessingManyAccountsIsSlowedAndASuccessClearsIt() {
        for (int i = 0; i < LoginGuard.FREE_SOURCE_FAILURES; i++) {
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
        assertThat(LoginGuard.delay(5, LoginGuard.FREE_USER_FAILURES)).isZero();
        assertThat(LoginGuard.delay(6, LoginGuard.FREE_USER_FAILURES)).isEqualTo(1000);
        assertThat(LoginGuard.delay(19, LoginGuard.FREE_USER_FAILURES)).isEqualTo(60_000);
        assertThat(LoginGuard.delay(60, LoginGuard.FREE_SOURCE_FAILURES)).isEqualTo(60_000);
    }
}
