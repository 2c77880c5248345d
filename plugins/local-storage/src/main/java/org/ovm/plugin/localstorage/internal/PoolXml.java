package org.ovm.plugin.localstorage.internal;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.VolumeSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The libvirt XML and names of a local pool and its volumes (built with a DOM, never by concatenation). */
final class PoolXml {

    private PoolXml() {
    }

    /** The libvirt pool's name: stable per OVM pool, unique per host. */
    static String libvirtName(PoolSpec pool) {
        return "ovm-" + pool.poolId();
    }

    /** The directory of a {@code file:///dir} pool URI. */
    static String directory(PoolSpec pool) {
        URI uri = URI.create(pool.uri());
        if (!"file".equals(uri.getScheme()) || uri.getPath() == null || !uri.getPath().startsWith("/")
                || uri.getPath().contains("..")) {
            throw new DriverException(ErrorCode.INVALID, "a local pool's uri is file:///absolute/dir, not "
                    + pool.uri());
        }
        return uri.getPath();
    }

    /** The target directory of a libvirt pool's XML, or null if it has none. */
    static String targetPath(String poolXml) {
        String path = Xml.text(Xml.parse(poolXml).getDocumentElement(), "target", "path");
        return path == null || path.isBlank() ? null : path.trim();
    }

    /** Whether two directory paths name the same directory (trailing slashes aside). */
    static boolean sameDirectory(String a, String b) {
        return a != null && b != null && strip(a).equals(strip(b));
    }

    private static String strip(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** The pool libvirt names in its "Storage source conflict with pool: 'NAME'" refusal, or "NAME". */
    static String conflictingPool(String libvirtMessage) {
        Matcher m = QUOTED.matcher(String.valueOf(libvirtMessage));
        return m.find() ? m.group(1) : "NAME";
    }

    private static final Pattern QUOTED = Pattern.compile("pool:? '([^']+)'");

    /**
     * What to tell the operator when another libvirt pool already uses a pool's directory; the
     * virsh commands name the libvirtd ({@code uri}, as libvirt reports its own) when known.
     */
    static String directoryTaken(String directory, String owner, String uri) {
        String virsh = uri == null || uri.isBlank() ? "virsh " : "virsh -c " + uri + " ";
        return "directory " + directory + " is already used by libvirt pool '" + owner + "' (another OVM install on "
                + "this machine, or a leftover of an earlier one): remove it with '" + virsh + "pool-destroy " + owner
                + "; " + virsh + "pool-undefine " + owner + "' (its volumes stay on disk) and add this pool again, or "
                + "add it with another directory";
    }

    static String poolXml(PoolSpec pool) {
        Document doc = Xml.newDocument();
        Element root = Xml.add(doc, "pool", null, "type", "dir");
        Xml.add(root, "name", libvirtName(pool));
        Element target = Xml.add(root, "target", null);
        Xml.add(target, "path", directory(pool));
        Element permissions = Xml.add(target, "permissions", null);
        Xml.add(permissions, "mode", "0755");
        return Xml.write(doc);
    }

    static String volumeXml(VolumeSpec volume, boolean linked) {
        Document doc = Xml.newDocument();
        Element root = Xml.add(doc, "volume", null);
        Xml.add(root, "name", volume.name());
        Xml.add(root, "capacity", String.valueOf(volume.sizeBytes()), "unit", "bytes");
        Xml.add(root, "allocation", "0", "unit", "bytes");
        Element target = Xml.add(root, "target", null);
        Xml.add(target, "format", null, "type", volume.format() == null ? "qcow2" : volume.format());
        Element permissions = Xml.add(target, "permissions", null);
        // QEMU runs as another user: the guest's disks and their backing files must be readable
        Xml.add(permissions, "mode", "0644");
        if (linked) {
            Element backing = Xml.add(root, "backingStore", null);
            Xml.add(backing, "path", volume.backingPath());
            Xml.add(backing, "format", null, "type", volume.backingFormat());
        }
        return Xml.write(doc);
    }
}
