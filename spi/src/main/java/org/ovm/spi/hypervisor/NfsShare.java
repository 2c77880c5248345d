package org.ovm.spi.hypervisor;

import java.util.Objects;

/**
 * An NFS export a host mounts for a shared storage pool ({@link NasMountSupport}).
 *
 * @param server   the NFS server's host name or address, as in the pool's uri
 * @param path     the absolute directory the pool lives in on the server (the pool uri's path, no trailing slash)
 * @param poolName the pool's name; the driver derives the name of the mount (an ESXi datastore) from it
 * @since 1.9
 */
public record NfsShare(String server, String path, String poolName) {

    public NfsShare {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(poolName, "poolName");
    }

    /** {@code nfs://server/path}: the prefix of the {@code nfs://} volume paths of the pool. */
    public String url() {
        return "nfs://" + server + path;
    }
}
