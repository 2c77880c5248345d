package org.ovm.rest.internal.providers;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;

import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.ext.Provider;

import org.ovm.core.Caller;
import org.ovm.core.OvmError;
import org.ovm.core.OvmException;
import org.ovm.core.auth.AuthService;

/**
 * Authenticates every request except {@code GET /health}: HTTP Basic checked by the engine
 * (throttled per account and client address, audited), or a bearer token from
 * {@code POST /auth/tokens}. The caller the engine answers carries the client's address
 * ({@link Caller#source()}), which every audit event it causes records. Authorization (roles)
 * is enforced by the engine's services on every call.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {

    private final AuthService auth;

    @Context
    private HttpServletRequest servletRequest;

    public AuthenticationFilter(AuthService auth) {
        this.auth = auth;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if ("health".equals(path) || "/health".equals(path)) {
            return;
        }
        try {
            authenticate(request);
        } catch (OvmException e) {
            // refused before anything reads the body: it is never read (see UnreadBody)
            UnreadBody.discard();
            throw e;
        }
    }

    private void authenticate(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Caller caller;
        if (header == null) {
            throw new OvmException(OvmError.UNAUTHENTICATED,
                    "authentication required: use HTTP Basic or a bearer token from POST /api/v1/auth/tokens");
        } else if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            caller = auth.verifyToken(header.substring(7).trim(), source());
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
        // the engine's own check (throttled per account and address, audited); the JAAS realm
        // ovm (OvmLoginModule) runs the same check for Karaf's own logins (SSH)
        return auth.login(decoded.substring(0, colon), decoded.substring(colon + 1), source());
    }

    /** The client's address, as the server saw it (no proxy header is trusted). */
    private String source() {
        return servletRequest == null ? null : servletRequest.getRemoteAddr();
    }
}
