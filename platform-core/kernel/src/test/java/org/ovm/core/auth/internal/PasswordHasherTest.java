package org.ovm.core.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = PasswordHasher.hash("correct horse");
        assertThat(hash).startsWith("pbkdf2-sha256$").doesNotContain("correct horse");
        assertThat(PasswordHasher.verify("correct horse", hash)).isTrue();
        assertThat(PasswordHasher.verify("correct horsf", hash)).isFalse();
        assertThat(PasswordHasher.verify("", hash)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(PasswordHasher.hash("same")).isNotEqualTo(PasswordHasher.hash("same"));
    }

    @Test
    void rejectsUnknownFormats() {
        assertThat(PasswordHasher.verify("x", "md5$abc")).isFalse();
        assertThat(PasswordHasher.verify("x", null)).isFalse();
    }
}
