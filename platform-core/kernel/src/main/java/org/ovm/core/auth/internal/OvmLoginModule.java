package org.ovm.core.auth.internal;

import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.auth.AuthService;

/**
 * The JAAS login module of the Karaf realm {@code ovm}: checks OVM users' passwords for the
 * REST API, the SSH shell and {@code bin/client}. Admins also get Karaf's shell roles.
 */
public final class OvmLoginModule implements LoginModule {

    private Subject subject;
    private CallbackHandler handler;
    private BundleContext bundleContext;
    private final Set<Principal> principals = new LinkedHashSet<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.handler = callbackHandler;
        this.bundleContext = (BundleContext) options.get(BundleContext.class.getName());
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user: ");
        PasswordCallback password = new PasswordCallback("password: ", false);
        try {
            handler.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot read credentials: " + e.getMessage());
        }
        char[] secret = password.getPassword();
        if (name.getName() == null || secret == null) {
            throw new FailedLoginException("user name and password are required");
        }
        Caller caller;
        try {
            caller = withAuthService(auth -> auth.authenticate(name.getName(), new String(secret)));
        } catch (OvmException e) {
            throw new FailedLoginException("invalid credentials");
        } finally {
            password.clearPassword();
        }
        principals.add(new UserPrincipal(caller.username()));
        principals.add(new RolePrincipal(caller.role().id()));
        if (caller.isAdmin()) {
            for (String karafRole : new String[] {"ssh", "manager", "viewer", "systembundles"}) {
                principals.add(new RolePrincipal(karafRole));
            }
        }
        return true;
    }

    private Caller withAuthService(Function<AuthService, Caller> call) throws LoginException {
        if (bundleContext == null) {
            throw new LoginException("the ovm realm is not running inside OSGi");
        }
        ServiceReference<AuthService> ref = bundleContext.getServiceReference(AuthService.class);
        AuthService auth = ref == null ? null : bundleContext.getService(ref);
        if (auth == null) {
            throw new LoginException("the OVM engine is not running");
        }
        try {
            return call.apply(auth);
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        return true;
    }
}
