package org.ovm.plugin.kvm.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Directories and files on the NFS server made and removed through NFS itself (libnfs's synchronous
 * calls), never on the server's disk behind its back. For the ITs only.
 */
final class NfsFiles {

    interface Api extends com.sun.jna.Library {
        Pointer nfs_init_context();

        int nfs_mount(Pointer nfs, String server, String export);

        int nfs_mkdir2(Pointer nfs, String path, int mode);

        int nfs_unlink(Pointer nfs, String path);

        String nfs_get_error(Pointer nfs);

        void nfs_destroy_context(Pointer nfs);
    }

    private static final class Holder {
        static final Api API = Native.load("libnfs.so.13", Api.class);
    }

    /** {@code -ENOENT} and {@code -EEXIST} as libnfs returns them. */
    private static final int ENOENT = -2;
    private static final int EEXIST = -17;

    private NfsFiles() {
    }

    /** Makes {@code dir} (relative to the export) writable by everyone (QEMU's user creates files in it); fine if it exists. */
    static void mkdir(String exportSpec, String dir) {
        run(exportSpec, (api, nfs) -> {
            int rc = api.nfs_mkdir2(nfs, "/" + dir, 0777);
            return rc == EEXIST ? 0 : rc;
        }, "mkdir " + dir);
    }

    /** Deletes {@code file} (relative to the export); fine if it is gone. */
    static void delete(String exportSpec, String file) {
        run(exportSpec, (api, nfs) -> {
            int rc = api.nfs_unlink(nfs, "/" + file);
            return rc == ENOENT ? 0 : rc;
        }, "delete " + file);
    }

    private interface Call {
        int apply(Api api, Pointer nfs);
    }

    /** {@code exportSpec} is {@code server:/export}, as NFS_EXPORT of ./ovm backends env. */
    private static void run(String exportSpec, Call call, String what) {
        Api api = Holder.API;
        Pointer nfs = api.nfs_init_context();
        try {
            int colon = exportSpec.indexOf(':');
            if (api.nfs_mount(nfs, exportSpec.substring(0, colon), exportSpec.substring(colon + 1)) < 0
                    || call.apply(api, nfs) < 0) {
                throw new IllegalStateException(what + " on " + exportSpec + " failed: " + api.nfs_get_error(nfs));
            }
        } finally {
            api.nfs_destroy_context(nfs);
        }
    }
}
