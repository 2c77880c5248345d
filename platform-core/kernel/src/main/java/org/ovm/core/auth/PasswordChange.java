package org.ovm.core.auth;

/**
 * A password change: {@code currentPassword} is required when users change their own.
 *
 * @param currentPassword the password now (own change), or null (an admin's reset)
 * @param password        the new password (the password policy applies)
 */
public record PasswordChange(String currentPassword, String password) {

    /** Never prints the passwords. */
    @Override
    public String toString() {
        return "PasswordChange[***]";
    }
}
