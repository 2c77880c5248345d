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

    /** Resolves a bearer token; fails with 401 if unknown or expired. */
    Caller verifyToken(String token);

    /** Looks a caller up by user name (after a JAAS login); fails with 401 if unknown. */
    Caller caller(String username);

    Page<UserView> listUsers(Caller caller, Filters filters, PageRequest page);

    UserView createUser(Caller caller, UserRequest request);

    void deleteUser(Caller caller, String id);
}
