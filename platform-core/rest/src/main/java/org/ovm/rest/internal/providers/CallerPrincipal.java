package org.ovm.rest.internal.providers;

import java.security.Principal;

import org.ovm.core.Caller;

/** The authenticated caller of a request. */
public record CallerPrincipal(Caller caller) implements Principal {

    @Override
    public String getName() {
        return caller.username();
    }
}
