package org.ovm.core.image.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.auth.internal.SecretBox;
import org.ovm.core.event.internal.EventPublisher;
import org.ovm.core.image.RegistryRequest;
import org.ovm.core.image.RegistryService;
import org.ovm.core.image.RegistryView;
import org.ovm.core.internal.inventory.RegistryEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.internal.support.Times;
import org.ovm.core.internal.support.Tx;
import org.ovm.spi.hypervisor.RegistryAuth;

/** Image registries: stored with their password encrypted, browsed through the Registry HTTP API v2. */
public final class RegistryServiceImpl implements RegistryService {

    private static final Pattern REPOSITORY = Pattern.compile(
            "^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$");

    private final Tx tx;
    private final SecretBox secrets;
    private final EventPublisher events;

    public RegistryServiceImpl(Tx tx, SecretBox secrets, EventPublisher events) {
        this.tx = tx;
        this.secrets = secrets;
        this.events = events;
    }

    @Override
    public List<RegistryView> list(Caller caller) {
        return tx.call(em -> em.createQuery("SELECT r FROM RegistryEntity r ORDER BY r.name", RegistryEntity.class)
                .getResultList()).stream().map(RegistryServiceImpl::view).toList();
    }

    @Override
    public RegistryView get(Caller caller, String id) {
        return view(find(id));
    }

    @Override
    public RegistryView create(Caller caller, RegistryRequest request) {
        caller.requireAdmin();
        if (request == null) {
            throw OvmException.invalid(null, "a JSON body with name and url is required");
        }
        String name = Ids.requireName("name", request.name());
        String url = checkUrl(request.url());
        if (request.password() != null && request.username() == null) {
            throw OvmException.invalid("username", "a password was given without a username");
        }
        new RegistryClient(url, request.username(), request.password()).check();
        RegistryEntity registry = tx.call(em -> {
            Ids.requireUnusedName(em, RegistryEntity.class, "registry", name);
            RegistryEntity r = new RegistryEntity();
            r.setId(Ids.newId());
            r.setName(name);
            r.setUrl(url);
            r.setUsername(request.username());
            r.setSecret(secrets.encrypt(request.password()));
            r.setCreatedAt(Times.now());
            em.persist(r);
            return r;
        });
        events.publish(caller, "registry/added", registry.getId(), null, "registry " + name + " added ("
                + url + ")");
        return view(registry);
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdmin();
        RegistryEntity registry = tx.call(em -> {
            RegistryEntity r = em.find(RegistryEntity.class, id);
            if (r == null) {
                throw OvmException.notFound("registry", id);
            }
            em.remove(r);
            return r;
        });
        events.publish(caller, "registry/removed", id, null, "registry " + registry.getName()
                + " removed");
    }

    @Override
    public List<String> repositories(Caller caller, String id) {
        return client(find(id)).repositories();
    }

    @Override
    public List<String> tags(Caller caller, String id, String repository) {
        if (repository == null || repository.length() > 255 || !REPOSITORY.matcher(repository).matches()) {
            throw OvmException.invalid("repository", "repository '" + repository + "' is not a repository name "
                    + "(lower-case path such as ovm/busybox)");
        }
        return client(find(id)).tags(repository);
    }

    /** The registry's address as image references start with it ({@code host[:port]}). */
    String address(String id) {
        URI url = URI.create(find(id).getUrl());
        return url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    /** Credentials for pulls from the registry, or null without any. */
    RegistryAuth auth(String id) {
        RegistryEntity r = find(id);
        return r.getUsername() == null ? null : new RegistryAuth(address(id), r.getUsername(),
                secrets.decrypt(r.getSecret()));
    }

    private RegistryClient client(RegistryEntity r) {
        return new RegistryClient(r.getUrl(), r.getUsername(), secrets.decrypt(r.getSecret()));
    }

    private RegistryEntity find(String id) {
        RegistryEntity r = tx.call(em -> em.find(RegistryEntity.class, id));
        if (r == null) {
            throw OvmException.notFound("registry", id);
        }
        return r;
    }

    private static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw OvmException.invalid("url", "url is required, e.g. https://registry.example:5000");
        }
        try {
            URI parsed = new URI(url.trim());
            if (!("https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme())) || parsed.getHost() == null
                    || parsed.getUserInfo() != null || parsed.getQuery() != null || parsed.getFragment() != null
                    || (parsed.getPath() != null && !parsed.getPath().isEmpty() && !parsed.getPath().equals("/"))) {
                throw OvmException.invalid("url", "url '" + url + "' must be http(s)://host[:port], without a path "
                        + "or credentials");
            }
            return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() > 0 ? ":" + parsed.getPort() : "");
        } catch (URISyntaxException e) {
            throw OvmException.invalid("url", "url '" + url + "' is not a URL: " + e.getReason());
        }
    }

    private static RegistryView view(RegistryEntity r) {
        return new RegistryView(r.getId(), r.getName(), r.getUrl(), r.getUsername(), r.getSecret() != null,
                Times.iso(r.getCreatedAt()));
    }
}
