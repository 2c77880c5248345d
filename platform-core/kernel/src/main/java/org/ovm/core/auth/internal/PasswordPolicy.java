package org.ovm.core.auth.internal;

import java.util.Locale;
import java.util.Set;

import org.ovm.core.OvmException;

/**
 * What a password must be: 8 (or the configured {@code password.minLength}) to 256 characters,
 * at least 4 different ones, not the user name, and none of the passwords guessers try first. Checked when a user is created and when a
 * password changes; refused with a 400 naming {@code password} and saying why.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 256;
    private static final Set<String> DENIED = Set.of("password", "password1", "password123", "passw0rd", "12345678",
            "123456789", "1234567890", "87654321", "qwertyui", "qwertyuiop", "asdfghjk", "letmein1", "changeme",
            "changeit", "admin123", "administrator", "iloveyou", "welcome1", "11111111", "00000000", "abcdefgh",
            "abcd1234", "1q2w3e4r", "trustno1", "sunshine", "football", "baseball", "superman", "starwars");

    private PasswordPolicy() {
    }

    static void check(String username, String password, String field) {
        check(username, password, field, MIN_LENGTH);
    }

    static void check(String username, String password, String field, int minLength) {
        if (password == null || password.length() < minLength) {
            throw OvmException.invalid(field, "a password has at least " + minLength + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw OvmException.invalid(field, "a password has at most " + MAX_LENGTH + " characters");
        }
        if (password.chars().distinct().count() < 4 || password.isBlank()) {
            throw OvmException.invalid(field, "a password needs at least 4 different characters, not only spaces");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && lower.equals(username.toLowerCase(Locale.ROOT))) {
            throw OvmException.invalid(field, "a password must not be the user name");
        }
        if (DENIED.contains(lower)) {
            throw OvmException.invalid(field, "this password is among the first any attacker tries: choose another");
        }
    }
}
