package org.ovm.plugin.kvm.internal;

import java.net.URI;
import java.net.URISyntaxException;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * A volume path {@code nfs://server/export/path/v.qcow2} split into what a libvirt network disk
 * names: the server and the file's path on it. A query ({@code ?uid=…}, what the storage driver
 * creates files with) is dropped: QEMU opens the disk as its own user. libvirt refuses a port for
 * NFS disks (it asks the server's portmapper), so a URL with one is refused here, naming that.
 *
 * @param server host name or address ({@code [::1]} without brackets)
 * @param path   absolute path of the file on the server
 */
record NfsPath(String server, String path) {

    /** The parts of an {@code nfs://} URL, or null for anything else (a file path). */
    static NfsPath parse(String volumePath) {
        if (volumePath == null || !volumePath.regionMatches(true, 0, "nfs://", 0, 6)) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(volumePath);
        } catch (URISyntaxException e) {
            throw new DriverException(ErrorCode.INVALID, "volume path " + volumePath + " is not an nfs:// URL: "
                    + e.getMessage());
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new DriverException(ErrorCode.INVALID, "volume path " + volumePath + " names no NFS server");
        }
        if (uri.getPort() != -1) {
            throw new DriverException(ErrorCode.INVALID, "volume path " + volumePath + " names a port: libvirt's NFS "
                    + "disks take none (QEMU asks the server's portmapper); use nfs://server/path");
        }
        if (uri.getRawUserInfo() != null) {
            throw new DriverException(ErrorCode.INVALID, "volume path nfs://" + host + uri.getPath()
                    + " carries user information; NFS disks take none");
        }
        String path = uri.getPath();
        if (path == null || path.length() < 2 || path.endsWith("/")) {
            throw new DriverException(ErrorCode.INVALID, "volume path " + volumePath + " names no file on the server");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new NfsPath(host, path);
    }

    /** The {@code nfs://} URL of a file on a server (an IPv6 address in brackets). */
    static String url(String server, String path) {
        String host = server.contains(":") ? "[" + server + "]" : server;
        return "nfs://" + host + (path.startsWith("/") ? path : "/" + path);
    }
}
