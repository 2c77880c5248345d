package org.ovm.core.image;

/** An image registry as clients see it; the password never, only whether there is one. */
public record RegistryView(String id, String name, String url, String username, boolean hasPassword,
        String createdAt) {
}
