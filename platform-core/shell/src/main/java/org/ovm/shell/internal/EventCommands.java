package org.ovm.shell.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.ovm.core.auth.AuthService;
import org.ovm.core.event.EventExport;
import org.ovm.core.event.EventFormat;
import org.ovm.core.event.EventQuery;
import org.ovm.core.event.EventService;

/** ovm:event-export: the audit log as a file, in the formats of the REST export. */
public final class EventCommands {

    private EventCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "event-export", description = "Export the audit log, oldest first, as JSON Lines "
            + "or CSV, to a file or the console")
    public static class EventExportCommand implements Action {
        @Reference private EventService events;
        @Reference private AuthService auth;
        @Option(name = "--format", description = "jsonl (default) or csv")
        @Completion(value = StringsCompleter.class, values = {"jsonl", "csv"})
        private String format;
        @Option(name = "--since", description = "events at or after: ISO-8601 instant or date (UTC)")
        private String since;
        @Option(name = "--until", description = "events before: ISO-8601 instant or date (UTC)")
        private String until;
        @Option(name = "--topic", description = "topic prefix, e.g. user/ or auth/refused") private String topic;
        @Option(name = "--force", description = "overwrite the file if it exists") private boolean force;
        @Argument(index = 0, name = "file", description = "file to write (on the engine's machine); the console "
                + "when omitted") @Completion(FileCompleter.class)
        private String file;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                EventFormat chosen = EventFormat.of(format);
                EventExport export = events.export(Shell.caller(auth), EventQuery.parse(since, until, topic));
                if (file == null) {
                    write(export, chosen, System.out);
                    System.out.flush();
                    return null;
                }
                Path path = Path.of(file).toAbsolutePath();
                try (OutputStream out = force ? Files.newOutputStream(path) : Files.newOutputStream(path,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    long count = write(export, chosen, out);
                    System.out.println(count + " event(s) written to " + path);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    throw new IllegalStateException(path + " exists; use --force to overwrite it", e);
                }
                return null;
            });
        }

        /** Writes the header and every event; the stream stays open. */
        static long write(EventExport export, EventFormat format, OutputStream out) throws IOException {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writer.write(format.header());
            long count;
            try {
                count = export.forEach(event -> {
                    try {
                        writer.write(format.line(event));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            writer.flush();
            return count;
        }
    }
}
