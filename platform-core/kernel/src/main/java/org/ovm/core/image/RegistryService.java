package org.ovm.core.image;

import java.util.List;

import org.ovm.core.Caller;

/**
 * Image registries: sources of container images the image center browses (catalog and tags)
 * and pulls from. Everyone may list and browse; admins add and remove.
 */
public interface RegistryService {

    List<RegistryView> list(Caller caller);

    RegistryView get(Caller caller, String id);

    /** Adds a registry after checking that it answers the Registry HTTP API v2 with its credentials. */
    RegistryView create(Caller caller, RegistryRequest request);

    void delete(Caller caller, String id);

    /** The registry's repositories ({@code /v2/_catalog}), sorted. 502 when it does not answer. */
    List<String> repositories(Caller caller, String id);

    /** A repository's tags ({@code /v2/<name>/tags/list}), sorted. */
    List<String> tags(Caller caller, String id, String repository);
}
