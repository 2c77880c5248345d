package org.ovm.core.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    @TempDir
    Path dir;

    @Test
    void encryptsWithAFreshIvAndDecrypts() {
        SecretBox box = SecretBox.fromKeyFile(dir.resolve("secret.key"));
        String a = box.encrypt("host-password");
        String b = box.encrypt("host-password");
        assertThat(a).startsWith("enc:v1:").doesNotContain("host-password").isNotEqualTo(b);
        assertThat(box.decrypt(a)).isEqualTo("host-password");
        assertThat(box.encrypt(null)).isNull();
    }

    @Test
    void keyFileIsPrivateAndReused() throws Exception {
        Path key = dir.resolve("secret.key");
        String sealed = SecretBox.fromKeyFile(key).encrypt("x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(SecretBox.fromKeyFile(key).decrypt(sealed)).isEqualTo("x");
    }

    @Test
    void anotherKeyCannotDecrypt() {
        String sealed = SecretBox.fromKeyFile(dir.resolve("a.key")).encrypt("x");
        assertThatThrownBy(() -> SecretBox.fromKeyFile(dir.resolve("b.key")).decrypt(sealed))
                .hasMessageContaining("cannot be decrypted");
    }
}
