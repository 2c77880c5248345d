package org.ovm.core.auth;

import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.Page;
import org.ovm.core.PageRequest;

/** Users, passwords and tokens. */
public interface AuthService {

    /** Checks a user name and password; fails with 401 (never saying which was wrong). */
    Caller authenticate(String username, String password);

    /** Issues a bearer token for an authenticated caller. */
    TokenView issueToken(Caller caller);

    /**
     * Checks a user name and password for a client at {@code source} (its address, or null):
     * 429 with the time to wait while the account or the address has failed too often (see the
     * engine's login guard), 401 otherwise when wrong; every check is audited. The caller
     * returned carries {@code source} ({@link Caller#source()}), which the events it causes record.
     */
    Caller login(String username, String password, String source);

    /**
     * A token for an authenticated caller; presented with a bearer token ({@code presentedToken}),
     * the new one expires when the presented one does, so that no token prolongs itself.
     */
    TokenView issueToken(Caller caller, String presentedToken);

    /** Revokes one token (logout). Idempotent. */
    void revokeToken(Caller caller, String token);

    /** Revokes every token of a user (null: the caller; another as the user's admin); how many. */
    int revokeTokens(Caller caller, String userId);

    /**
     * Changes a user's password: their own with the current password, another's as an admin (or
     * the user's vdc-admin) without. The user's other tokens are revoked ({@code keepToken}, the
     * one of this request, stays when they change their own). The password policy applies (400).
     */
    void changePassword(Caller caller, String userId, String currentPassword, String newPassword, String keepToken,
            String source);

    /** Lifts a user's lockout after failed logins (admin). */
    void unlock(Caller caller, String userId);

    /** Resolves a bearer token; fails with 401 if unknown or expired. */
    Caller verifyToken(String token);

    /**
     * The same for a client at {@code source}: failures count against the address (429 when too
     * many); the caller returned carries {@code source}.
     */
    Caller verifyToken(String token, String source);

    /** Looks a caller up by user name (after a JAAS login); fails with 401 if unknown. */
    Caller caller(String username);

    Page<UserView> listUsers(Caller caller, Filters filters, PageRequest page);

    UserView createUser(Caller caller, UserRequest request);

    /**
     * Changes a user's role or VDC (admin). The validation of a create applies; nobody changes their
     * own role, the last admin is never demoted, and a user leaves a VDC only when they own nothing
     * there (409 saying what to do).
     */
    UserView updateUser(Caller caller, String id, UserUpdate update);

    /** Deletes a user and their tokens; never your own account nor the last admin (409). */
    void deleteUser(Caller caller, String id);
}
