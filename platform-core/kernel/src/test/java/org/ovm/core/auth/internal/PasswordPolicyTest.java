package org.ovm.core.auth.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ovm.core.OvmException;

class PasswordPolicyTest {

    @ParameterizedTest(name = "{index}: {1}")
    @CsvSource(delimiter = '|', value = {
        "'short'|at least 8",
        "'        '|4 different",
        "'aaaaaaaa'|4 different",
        "'abababab'|4 different",
        "'password'|first any attacker",
        "'PassWord'|first any attacker",
        "'12345678'|first any attacker",
        "'Victim-01'|not be the user name"})
    void trivialPasswordsAreRefusedSayingWhy(String password, String why) {
        assertThatThrownBy(() -> PasswordPolicy.check("victim-01", password, "password"))
                .isInstanceOf(OvmException.class).hasMessageContaining(why);
    }

    @Test
    void reasonablePasswordsPass() {
        assertThatCode(() -> PasswordPolicy.check("alice", "alice-password", "password")).doesNotThrowAnyException();
        assertThatCode(() -> PasswordPolicy.check("alice", "correct horse battery", "password"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> PasswordPolicy.check("alice", "x".repeat(257) + "yzw", "password"))
                .hasMessageContaining("at most 256");
    }
}
