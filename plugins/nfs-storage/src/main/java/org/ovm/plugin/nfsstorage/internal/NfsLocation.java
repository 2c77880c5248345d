package org.ovm.plugin.nfsstorage.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Pattern;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.storage.PoolSpec;

/**
 * Where an NFS pool lives ({@code nfs://server/export/path}) and the URLs of its volumes: plain ones for
 * hypervisors and backing files, and ones with {@code ?uid=&gid=} for creating files, so that the file
 * belongs to the user QEMU runs as (QEMU's NFS client creates files mode 0600).
 *
 * @param server     host name or address of the NFS server
 * @param path       absolute directory on the server, without a trailing slash
 * @param uid        owner of the files the driver creates
 * @param gid        group of the files the driver creates
 */
record NfsLocation(String server, String path, int uid, int gid) {

    /** libvirt-qemu and kvm on Debian. */
    static final int DEFAULT_UID = 64055;
    static final int DEFAULT_GID = 107;
    static final String UID = "nfsUid";
    static final String GID = "nfsGid";

    /** Volume names the kernel makes ({@code <name>.qcow2}) and operators may use: no paths, no URL syntax. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
    private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._+@,=~-]+)+");

    /** Reads and checks a pool's uri and settings; {@code INVALID} naming what is wrong. */
    static NfsLocation of(PoolSpec pool) {
        return of(pool.uri(), pool.settings());
    }

    static NfsLocation of(String uri, Map<String, String> settings) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw invalid("pool uri " + uri + " is not a URI: " + e.getMessage());
        }
        if (!"nfs".equalsIgnoreCase(parsed.getScheme())) {
            throw invalid("pool uri " + uri + " must look like nfs://server/export/path");
        }
        if (parsed.getRawUserInfo() != null || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw invalid("pool uri " + uri + " must carry no user, query or fragment: nfs://server/export/path");
        }
        if (parsed.getPort() != -1) {
            throw invalid("pool uri " + uri + " names a port: QEMU's NFS client always asks the server's portmapper "
                    + "(port 111), so remove :" + parsed.getPort());
        }
        String server = parsed.getHost();
        if (server == null || !SERVER.matcher(server).matches()) {
            throw invalid("pool uri " + uri + " names no NFS server: nfs://server/export/path");
        }
        String path = parsed.getPath();
        while (path != null && path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path == null || !PATH.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")
                || path.contains("/./") || path.endsWith("/.")) {
            throw invalid("pool uri " + uri + " needs the export's absolute path (letters, digits, ._+@,=~- only): "
                    + "nfs://server/export/path");
        }
        return new NfsLocation(server, path, id(settings, UID, DEFAULT_UID), id(settings, GID, DEFAULT_GID));
    }

    private static int id(Map<String, String> settings, String key, int fallback) {
        String value = settings == null ? null : settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int id = Integer.parseInt(value.strip());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw invalid("pool setting " + key + " must be a numeric user or group id (default " + fallback
                    + "), not " + value);
        }
    }

    /** Refuses ({@code INVALID}) a volume name that is not a plain file name. */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw invalid("volume name " + name + " must be a plain file name (letters, digits, . _ -)");
        }
        return name;
    }

    /** The pool directory's URL, {@code nfs://server/export/path}. */
    String url() {
        return "nfs://" + server + path;
    }

    /** Where hypervisors and backing files find a volume (no query). */
    String volumeUrl(String name) {
        return url() + "/" + checkName(name);
    }

    /** The URL qemu-img creates a volume with: the file is owned by {@code uid:gid}. */
    String createUrl(String name) {
        return volumeUrl(name) + "?uid=" + uid + "&gid=" + gid;
    }

    /** The name of a volume of this pool a URL or path points at, or null when it is not one of this pool's. */
    String volumeName(String urlOrPath) {
        if (urlOrPath == null || !urlOrPath.startsWith(url() + "/")) {
            return null;
        }
        String rest = urlOrPath.substring(url().length() + 1);
        return NAME.matcher(rest).matches() && !rest.contains("..") ? rest : null;
    }

    /** The parent directory and last component of the pool path (to create it under its parent). */
    String parent() {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    String leaf() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static DriverException invalid(String message) {
        return new DriverException(ErrorCode.INVALID, message);
    }
}
