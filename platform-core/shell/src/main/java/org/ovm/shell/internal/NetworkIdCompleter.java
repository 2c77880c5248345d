package org.ovm.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.ovm.core.NetworkService;

/** Completes Network ids. */
@Service
public class NetworkIdCompleter implements Completer {

    @Reference
    private NetworkService service;

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        return Completers.complete(session, line, candidates, v -> v.id(),
                service.list(Completers.system(), Completers.none(), Completers.firstPage()).items());
    }
}
