package org.ovm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.Role;

class IdempotencyKeysTest {

    @Test
    void aReusedUserNameGetsKeysOfItsOwn() {
        Caller old = new Caller("b_tmp", Role.USER, "vdc-b", "user-1");
        Caller reused = new Caller("b_tmp", Role.USER, "vdc-a", "user-4");

        assertThat(IdempotencyServiceImpl.id(old, "k1")).isNotEqualTo(IdempotencyServiceImpl.id(reused, "k1"));
        assertThat(IdempotencyServiceImpl.id(Caller.SYSTEM, "k1")).isEqualTo("system:k1");
    }
}
