package org.ovm.shell.internal;

import java.util.List;
import java.util.function.Function;

import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.PageRequest;

/** Shared completion: offers ids (and names) from a list call. */
final class Completers {

    private Completers() {
    }

    static <T> int complete(Session session, CommandLine line, List<String> candidates, Function<T, String> id,
            List<T> items) {
        StringsCompleter delegate = new StringsCompleter();
        items.forEach(item -> delegate.getStrings().add(id.apply(item)));
        return delegate.complete(session, line, candidates);
    }

    static PageRequest firstPage() {
        return new PageRequest(PageRequest.MAX_LIMIT, 0);
    }

    static Filters none() {
        return Filters.NONE;
    }

    static Caller system() {
        return Caller.SYSTEM;
    }
}
