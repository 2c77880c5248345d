package org.ovm.plugin.nfsstorage.internal;

import java.time.Instant;
import java.util.List;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The few file operations qemu-img and nfs-ls cannot do (remove a file, make the pool directory), through libnfs (Debian libnfs13) with JNA, without any mount. Only libnfs's
 * asynchronous calls are used, serviced by a {@code poll} loop of our own that stops at the deadline: the
 * synchronous ones wait forever for a server that accepts nothing (measured with libnfs 4.0, whatever
 * {@code nfs_set_timeout} says). Blocking; runs on the caller's (the executor's) thread. Every call uses
 * a fresh libnfs context, destroyed afterwards.
 */
final class LibNfs {

    /** The interface of libnfs this class uses (libnfs/libnfs.h). */
    interface Api extends Library {
        Pointer nfs_init_context();

        void nfs_destroy_context(Pointer nfs);

        String nfs_get_error(Pointer nfs);

        int nfs_get_fd(Pointer nfs);

        int nfs_which_events(Pointer nfs);

        int nfs_service(Pointer nfs, int revents);

        void nfs_set_uid(Pointer nfs, int uid);

        void nfs_set_gid(Pointer nfs, int gid);

        int nfs_mount_async(Pointer nfs, String server, String exportName, Done cb, Pointer data);

        int nfs_unlink_async(Pointer nfs, String path, Done cb, Pointer data);

        int nfs_mkdir2_async(Pointer nfs, String path, int mode, Done cb, Pointer data);

    }

    /** {@code nfs_cb}: status 0 or -errno; on failure {@code data} is the error message. */
    public interface Done extends Callback {
        void invoke(int status, Pointer nfs, Pointer data, Pointer privateData);
    }

    /** libc's poll, to wait on libnfs's socket with a timeout. */
    interface Libc extends Library {
        int poll(PollFd fds, int count, int timeoutMillis);
    }

    /** {@code struct pollfd}. */
    @Structure.FieldOrder({"fd", "events", "revents"})
    public static final class PollFd extends Structure {
        public int fd;
        public short events;
        public short revents;
    }

    static final int ENOENT = 2;
    static final int EEXIST = 17;
    private static final List<String> NAMES = List.of("libnfs.so.13", "nfs", "libnfs.so.14", "libnfs.so.16");

    private final Api api;
    private final Libc libc;

    private LibNfs(Api api, Libc libc) {
        this.api = api;
        this.libc = libc;
    }

    /** Loads libnfs; {@code UNSUPPORTED} naming the package when it is not installed on the engine's machine. */
    static LibNfs load() {
        UnsatisfiedLinkError last = null;
        for (String name : NAMES) {
            try {
                return new LibNfs(Native.load(name, Api.class), Native.load("c", Libc.class));
            } catch (UnsatisfiedLinkError e) {
                last = e;
            }
        }
        throw new DriverException(ErrorCode.UNSUPPORTED, "libnfs is not installed on the engine's machine (install "
                + "the Debian package libnfs13 or libnfs-utils): " + (last == null ? "" : last.getMessage()));
    }

    /** Removes a file of the mounted directory; true if it was there, false if it was not. */
    boolean unlink(String server, String directory, String name, Instant deadline) {
        return run(server, directory, -1, -1, deadline, (nfs, done) -> api.nfs_unlink_async(nfs, "/" + name, done, null),
                "remove " + name) == 0;
    }

    /**
     * Makes a directory (mode 0755) under {@code parent} as user {@code uid}:{@code gid}, who then owns it
     * (QEMU's user: files are created as that user, so it must be able to write there); true if made, false if
     * it existed.
     */
    boolean mkdir(String server, String parent, String name, int uid, int gid, Instant deadline) {
        return run(server, parent, uid, gid, deadline, (nfs, done) -> api.nfs_mkdir2_async(nfs, "/" + name, 0755, done, null),
                "create directory " + name) == 0;
    }

    @FunctionalInterface
    private interface Call {
        int start(Pointer nfs, Done done);
    }

    /** Result of one callback. */
    private static final class Outcome {
        volatile boolean finished;
        volatile int status;
        volatile String message;
    }

    /**
     * Mounts {@code directory} and runs one call; returns 0, or -ENOENT / -EEXIST (the callers' expected
     * failures). Anything else fails: UNREACHABLE when the server cannot be reached, TIMEOUT at the deadline.
     */
    private int run(String server, String directory, int uid, int gid, Instant deadline, Call call, String what) {
        Pointer nfs = api.nfs_init_context();
        if (nfs == null) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "libnfs could not create a context");
        }
        try {
            if (uid >= 0) {
                api.nfs_set_uid(nfs, uid);
                api.nfs_set_gid(nfs, gid);
            }
            Outcome mounted = new Outcome();
            Done onMount = callback(mounted);
            if (api.nfs_mount_async(nfs, server, directory, onMount, null) != 0) {
                throw unreachable(server, directory, api.nfs_get_error(nfs));
            }
            serve(nfs, mounted, deadline, server, "mount " + directory);
            if (mounted.status != 0) {
                throw unreachable(server, directory, mounted.message);
            }
            Outcome done = new Outcome();
            Done onDone = callback(done);
            if (call.start(nfs, onDone) != 0) {
                throw new DriverException(ErrorCode.BACKEND_FAILURE, "cannot " + what + " on " + server + ":"
                        + directory + ": " + api.nfs_get_error(nfs));
            }
            serve(nfs, done, deadline, server, what);
            int status = done.status;
            if (status == 0 || status == -ENOENT || status == -EEXIST) {
                return status;
            }
            ErrorCode code = status == -28 ? ErrorCode.INSUFFICIENT_CAPACITY : ErrorCode.BACKEND_FAILURE;
            throw new DriverException(code, "cannot " + what + " on " + server + ":" + directory + ": " + done.message
                    + (status == -13 ? " (the engine needs root access to the export: No_Root_Squash)" : ""));
        } finally {
            api.nfs_destroy_context(nfs);
        }
    }

    private static Done callback(Outcome outcome) {
        return (status, nfs, data, priv) -> {
            outcome.status = status;
            outcome.message = status < 0 && data != null ? data.getString(0) : null;
            outcome.finished = true;
        };
    }

    /** Services the context until the outcome arrives or the deadline passes. */
    private void serve(Pointer nfs, Outcome outcome, Instant deadline, String server, String what) {
        PollFd pfd = new PollFd();
        while (!outcome.finished) {
            long left = deadline.toEpochMilli() - System.currentTimeMillis();
            if (left <= 0) {
                throw new DriverException(ErrorCode.TIMEOUT, "NFS server " + server + " did not answer in time ("
                        + what + ")");
            }
            pfd.fd = api.nfs_get_fd(nfs);
            pfd.events = (short) api.nfs_which_events(nfs);
            pfd.revents = 0;
            int ready = libc.poll(pfd, 1, (int) Math.min(left, 100));
            if (ready < 0) {
                continue; // EINTR
            }
            if (api.nfs_service(nfs, pfd.revents) < 0) {
                throw unreachable(server, what, api.nfs_get_error(nfs));
            }
        }
    }

    private static DriverException unreachable(String server, String directory, String message) {
        return new DriverException(ErrorCode.UNREACHABLE, "NFS server " + server + " cannot serve " + directory + ": "
                + message);
    }
}
