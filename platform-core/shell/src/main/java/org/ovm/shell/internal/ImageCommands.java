package org.ovm.shell.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ovm.core.Caller;
import org.ovm.core.Filters;
import org.ovm.core.PageRequest;
import org.ovm.core.auth.AuthService;
import org.ovm.core.image.ImagePullRequest;
import org.ovm.core.image.ImageRequest;
import org.ovm.core.image.ImageService;
import org.ovm.core.image.RegistryRequest;
import org.ovm.core.image.RegistryService;
import org.ovm.core.task.TaskView;

/** ovm:image-* and ovm:registry-* commands: the image center. */
public final class ImageCommands {

    private ImageCommands() {
    }

    @Service
    @Command(scope = "ovm", name = "image-list", description = "List templates, ISOs and container images")
    public static class ImageList implements Action {
        @Reference private ImageService images;
        @Reference private AuthService auth;
        @Option(name = "--kind", description = "template, iso or container") private String kind;
        @Option(name = "--host", description = "container images on this host") @Completion(IdCompleters.Host.class)
        private String hostId;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Map<String, String> filters = new LinkedHashMap<>();
                if (kind != null) {
                    filters.put("kind", kind);
                }
                if (hostId != null) {
                    filters.put("hostId", hostId);
                }
                var page = images.list(Shell.caller(auth), new Filters(filters), new PageRequest(PageRequest.MAX_LIMIT,
                        0));
                Shell.table(page.items(), List.of("ID", "Name", "Kind", "Format", "MiB", "Pool / hosts", "Path"),
                        i -> List.of(i.id(), i.name(), i.kind(), i.format(), i.sizeBytes() / (1024 * 1024),
                                i.poolId() != null ? i.poolId() : String.join(",", i.hostIds()),
                                i.path() == null ? "" : i.path()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "image-register", description = "Register a file already in a pool as an image")
    public static class ImageRegister extends TaskCommand {
        @Reference private ImageService images;
        @Argument(index = 0, name = "name", required = true, description = "image name") private String name;
        @Argument(index = 1, name = "volume", required = true, description = "file name in the pool")
        private String volume;
        @Option(name = "--pool", required = true, description = "pool id") private String poolId;
        @Option(name = "--kind", description = "template (default) or iso") private String kind = "template";
        @Option(name = "--format", description = "a format the pool's driver creates (default: its first)") private String format;
        @Option(name = "--kernel", description = "kernel for direct boot") private String kernel;
        @Option(name = "--initrd", description = "initrd for direct boot") private String initrd;
        @Option(name = "--cmdline", description = "kernel command line") private String cmdline;

        @Override
        TaskView start(Caller caller) {
            Map<String, String> properties = new LinkedHashMap<>();
            if (kernel != null) {
                properties.put("kernel", kernel);
            }
            if (initrd != null) {
                properties.put("initrd", initrd);
            }
            if (cmdline != null) {
                properties.put("cmdline", cmdline);
            }
            var task = images.register(caller, new ImageRequest(name, kind, "iso".equals(kind) ? null : format,
                    poolId, volume, properties));
            System.out.println("image " + name + " is " + task.resourceId());
            return task;
        }
    }

    @Service
    @Command(scope = "ovm", name = "image-delete", description = "Forget a template or ISO (its file stays), or "
            + "remove a container image from a host (--host) or from every host")
    public static class ImageDelete implements Action {
        @Reference private ImageService images;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "image id") private String id;
        @Option(name = "--host", description = "container images: only from this host")
        @Completion(IdCompleters.Host.class) private String hostId;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                images.delete(Shell.caller(auth), id, hostId);
                System.out.println("image " + id + " deleted");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "image-pull", description = "Pull a container image onto a host or a cluster's "
            + "container hosts, showing its progress")
    public static class ImagePull extends TaskCommand.NoWait {
        @Reference private ImageService images;
        @Argument(index = 0, name = "reference", required = true, description = "repository[:tag] (with the "
                + "registry's address unless --registry)") private String reference;
        @Option(name = "--host", description = "container host id") @Completion(IdCompleters.Host.class)
        private String hostId;
        @Option(name = "--cluster", description = "every UP container host of this cluster") private String clusterId;
        @Option(name = "--registry", description = "registry id to pull from (its address and credentials)")
        private String registryId;

        @Override
        TaskView start(Caller caller) {
            return images.pull(caller, new ImagePullRequest(reference, registryId, hostId, clusterId));
        }
    }

    @Service
    @Command(scope = "ovm", name = "image-import", description = "Import a root file system tarball (on the engine's "
            + "machine) as a container image on a host")
    public static class ImageImport implements Action {
        @Reference private ImageService images;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "file", required = true, description = "tarball path") private String file;
        @Option(name = "--host", required = true, description = "container host id")
        @Completion(IdCompleters.Host.class) private String hostId;
        @Option(name = "--reference", required = true, description = "repository:tag to name it")
        private String reference;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                try (InputStream data = Files.newInputStream(Path.of(file))) {
                    var image = images.importImage(Shell.caller(auth), hostId, reference, data);
                    System.out.println("image " + reference + " is " + image.id());
                }
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "registry-list", description = "List image registries")
    public static class RegistryList implements Action {
        @Reference private RegistryService registries;
        @Reference private AuthService auth;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                Shell.table(registries.list(Shell.caller(auth)), List.of("ID", "Name", "URL", "User"),
                        r -> List.of(r.id(), r.name(), r.url(), r.username() == null ? "" : r.username()));
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "registry-add", description = "Add an image registry (Registry HTTP API v2)")
    public static class RegistryAdd implements Action {
        @Reference private RegistryService registries;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "name", required = true, description = "registry name") private String name;
        @Argument(index = 1, name = "url", required = true, description = "http(s)://host[:port]") private String url;
        @Option(name = "--username", description = "user") private String username;
        @Option(name = "--password", description = "password or token (stored encrypted)") private String password;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var r = registries.create(Shell.caller(auth), new RegistryRequest(name, url, username, password));
                System.out.println("registry " + name + " is " + r.id());
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "registry-remove", description = "Remove an image registry")
    public static class RegistryRemove implements Action {
        @Reference private RegistryService registries;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "registry id") private String id;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                registries.delete(Shell.caller(auth), id);
                System.out.println("registry " + id + " removed");
                return null;
            });
        }
    }

    @Service
    @Command(scope = "ovm", name = "registry-browse", description = "A registry's repositories, or a repository's tags")
    public static class RegistryBrowse implements Action {
        @Reference private RegistryService registries;
        @Reference private AuthService auth;
        @Argument(index = 0, name = "id", required = true, description = "registry id") private String id;
        @Argument(index = 1, name = "repository", description = "list this repository's tags") private String repository;

        @Override
        public Object execute() throws Exception {
            return Shell.run(() -> {
                var caller = Shell.caller(auth);
                (repository == null ? registries.repositories(caller, id) : registries.tags(caller, id, repository))
                        .forEach(System.out::println);
                return null;
            });
        }
    }
}
