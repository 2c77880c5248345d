package org.ovm.rest.internal.providers;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;

import javax.annotation.Priority;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.ext.Provider;

import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.auth.AuthService;

/**
 * Authenticates every request except {@code GET /health}: HTTP Basic through the Karaf JAAS
 * realm {@code ovm}, or a bearer token from {@code POST /auth/tokens}. Authorization (roles)
 * is enforced by the engine's services on every call.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {

    static final String REALM = "ovm";

    private final AuthService auth;

    public AuthenticationFilter(AuthService auth) {
        this.auth = auth;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if ("health".equals(path) || "/health".equals(path)) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Caller caller;
        if (header == null) {
            throw new OvmException(OvmError.UNAUTHENTICATED,
                    "authentication required: use HTTP Basic or a bearer token from POST /api/v1/auth/tokens");
        } else if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            caller = auth.verifyToken(header.substring(7).trim());
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            caller = basic(header.substring(6).trim());
        } else {
            throw new OvmException(OvmError.UNAUTHENTICATED, "unsupported Authorization scheme; use Basic or Bearer");
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return new CallerPrincipal(caller);
            }

            @Override
            public boolean isUserInRole(String role) {
                return caller.role().id().equals(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return header.substring(0, header.indexOf(' '));
            }
        });
    }

    private Caller basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new OvmException(OvmError.UNAUTHENTICATED, "malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new OvmException(OvmError.UNAUTHENTICATED, "malformed Basic credentials");
        }
        String username = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        Subject subject = new Subject();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(AuthenticationFilter.class.getClassLoader());
        try {
            LoginContext login = new LoginContext(REALM, subject, callbacks -> {
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(username);
                    } else if (callback instanceof PasswordCallback secret) {
                        secret.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            login.login();
        } catch (LoginException e) {
            throw new OvmException(OvmError.UNAUTHENTICATED, "invalid credentials or token");
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        String user = subject.getPrincipals(UserPrincipal.class).stream().findFirst().map(UserPrincipal::getName)
                .orElseThrow(() -> new OvmException(OvmError.UNAUTHENTICATED, "invalid credentials or token"));
        return auth.caller(user);
    }
}
