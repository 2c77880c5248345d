package org.ovm.plugin.nfsstorage.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.ovm.lib.images.ImageHeaders;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.Progress;
import org.ovm.spi.storage.PoolCapacity;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;

/**
 * The blocking work on one export, run by the engine itself: qemu-img on {@code nfs://} URLs for images,
 * nfs-ls for the export's capacity, libnfs to remove files and make the pool directory. Volumes are created
 * with the pool's {@code uid}/{@code gid} (the user QEMU runs as) and reported with their plain URL. Every
 * call ends by {@code deadline}. A multi-step call that fails removes what it created.
 */
class NfsVolumes {

    private final Commands commands;
    private final Supplier<LibNfs> libnfs;
    private final NfsVmdks vmdks;

    NfsVolumes(Commands commands, Supplier<LibNfs> libnfs) {
        this.commands = commands;
        this.libnfs = libnfs;
        this.vmdks = new NfsVmdks(commands, this);
    }

    LibNfs libnfs() {
        return libnfs.get();
    }

    /** The export's FSSTAT numbers as nfs-ls reports them for the pool directory. */
    PoolCapacity capacity(NfsLocation pool, Instant deadline) {
        Commands.Result result;
        try {
            result = commands.run(QemuImg.capacity(pool.url()), deadline, null);
        } catch (DriverException e) {
            if (e.code() == ErrorCode.TIMEOUT) {
                throw new DriverException(ErrorCode.UNREACHABLE, "NFS server " + pool.server() + " does not answer"
                        + " (no reply for " + pool.url() + " before the deadline)", true, e);
            }
            throw e;
        }
        long[] free = result.ok() ? QemuImg.parseFree(result.output()) : null;
        if (free == null) {
            throw QemuImg.failure("reading the capacity of " + pool.url(), pool.server(), result.output());
        }
        return new PoolCapacity(free[1], free[0]);
    }

    /**
     * Makes the pool directory under its parent when the server does not know it (owned by the pool's uid, who
     * creates the files), checks that the uid can create files there, and reads the capacity.
     */
    PoolCapacity prepare(NfsLocation pool, Instant deadline) {
        PoolCapacity capacity = directory(pool, deadline);
        String probe = "ovm-write-check-" + Long.toHexString(System.nanoTime()) + ".raw";
        Commands.Result result = commands.run(QemuImg.create("raw", pool.createUrl(probe), 0), deadline, null);
        if (!result.ok()) {
            DriverException failure = QemuImg.failure("creating a file in " + pool.url(), pool.server(),
                    result.output());
            if (failure.code() == ErrorCode.BACKEND_FAILURE && result.output().contains("ACCES")) {
                throw new DriverException(ErrorCode.BACKEND_FAILURE, "user " + pool.uid() + " (pool setting "
                        + NfsLocation.UID + ", the user QEMU runs as) cannot create files in " + pool.url()
                        + ": on the server, chown " + pool.uid() + ":" + pool.gid() + " " + pool.path()
                        + " (or chmod 1777 it)");
            }
            throw failure;
        }
        delete(pool, probe, deadline);
        return capacity;
    }

    private PoolCapacity directory(NfsLocation pool, Instant deadline) {
        try {
            return capacity(pool, deadline);
        } catch (DriverException e) {
            if (e.code() != ErrorCode.UNREACHABLE || "/".equals(pool.parent())
                    || !String.valueOf(e.getMessage()).contains("does not export")) {
                throw e;
            }
            try {
                libnfs.get().mkdir(pool.server(), pool.parent(), pool.leaf(), pool.uid(), pool.gid(), deadline);
            } catch (DriverException mkdir) {
                e.addSuppressed(mkdir);
                throw e; // the parent is no export either: the first message says more
            }
            return capacity(pool, deadline);
        }
    }

    /** Whether a file of that name is in the pool. */
    boolean exists(NfsLocation pool, String name, Instant deadline) {
        Commands.Result result = commands.run(QemuImg.info("raw", pool.volumeUrl(name)), deadline, null);
        if (result.ok()) {
            return true;
        }
        if (QemuImg.missing(result.output())) {
            return false;
        }
        throw QemuImg.failure("looking up " + name, pool.server(), result.output());
    }

    /**
     * A volume as its header says: qcow2 when it is one, else raw ({@code iso} for a name ending .iso); a name
     * ending .vmdk is read as a vmdk descriptor ({@link VmdkDescriptor}). The format is always given to qemu-img;
     * qcow2 is tried first, so a raw file is never parsed as qcow2.
     */
    VolumeInfo describe(NfsLocation pool, String name, Instant deadline) {
        String url = pool.volumeUrl(name);
        if (VmdkDescriptor.isDescriptor(name)) {
            return vmdks.describe(pool, name, deadline);
        }
        Commands.Result result = commands.run(QemuImg.info("qcow2", url), deadline, null);
        if (!result.ok() && QemuImg.wrongFormat(result.output())) {
            result = commands.run(QemuImg.info("raw", url), deadline, null);
        }
        if (!result.ok()) {
            if (QemuImg.missing(result.output())) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no volume " + name + " in " + pool.url());
            }
            throw QemuImg.failure("reading volume " + name, pool.server(), result.output());
        }
        QemuImg.Info info = QemuImg.parseInfo(result.output());
        String format = "raw".equals(info.format()) && name.endsWith(".iso") ? "iso" : info.format();
        return new VolumeInfo(name, url, format, info.virtualSize(), info.actualSize(), info.backing());
    }

    /** Refuses a qcow2 volume naming an external data file or one qemu-img check finds corrupt. */
    void checkIntegrity(String url, String name, String format, Instant deadline, String server) {
        if (!"qcow2".equals(format)) {
            return;
        }
        Commands.Result info = commands.run(QemuImg.info("qcow2", url), deadline, null);
        if (info.ok() && QemuImg.parseInfo(info.output()).dataFile()) {
            throw new DriverException(ErrorCode.INVALID, name + " uses an external data file; use a self-contained "
                    + "image");
        }
        Commands.Result check = commands.run(QemuImg.check("qcow2", url), deadline, null);
        if (check.exit() != 0 && check.exit() != 2 && check.exit() != 3 && check.exit() != 63) {
            DriverException failure = QemuImg.failure("checking " + name, server, check.output());
            if (failure.code() == ErrorCode.UNREACHABLE || failure.code() == ErrorCode.UNSUPPORTED) {
                throw failure;
            }
        }
        String problem = QemuImg.refusal(check.exit(), check.output(), format);
        if (problem != null) {
            throw new DriverException(ErrorCode.INVALID, problem);
        }
    }

    /** Creates a volume: empty, a linked clone of a volume of this pool, or a full copy of a readable image. */
    VolumeInfo create(NfsLocation pool, String poolName, VolumeSpec volume, boolean linkedClones, Instant deadline) {
        String name = NfsLocation.checkName(volume.name());
        String format = checkFormat(volume.format());
        String backingName = pool.volumeName(volume.backingPath());
        List<String> command;
        if ("vmdk".equals(format)) { // ESXi's disks: a full copy of a template, never a linked clone
            if (volume.backingPath() == null) {
                return vmdks.create(pool, name, volume.sizeBytes(), deadline);
            }
            String[] source = NfsVmdks.source(source(volume.backingPath(), poolName), volume.backingFormat());
            return vmdks.copy(pool, name, volume.sizeBytes(), source[0], source[1], null, deadline);
        }
        if (volume.backingPath() == null) {
            command = QemuImg.create(format, pool.createUrl(name), volume.sizeBytes());
        } else if (volume.linkedClone() && linkedClones && "qcow2".equals(format) && backingName != null) {
            command = QemuImg.createLinked(pool.volumeUrl(backingName), volume.backingFormat(), pool.createUrl(name),
                    volume.sizeBytes());
        } else {
            String[] source = NfsVmdks.source(source(volume.backingPath(), poolName), volume.backingFormat());
            command = QemuImg.convert(source[1], source[0], format, pool.createUrl(name), false);
        }
        return write(pool, name, volume.sizeBytes(), command, deadline, null);
    }

    private static String source(String backingPath, String poolName) {
        String source = readable(backingPath);
        if (source == null) {
            throw new DriverException(ErrorCode.UNSUPPORTED, "the image " + backingPath + " is not readable by the "
                    + "engine, so pool " + poolName + " cannot copy it: upload the image to pool " + poolName);
        }
        return source;
    }

    /** A full copy of {@code sourceUrl} (a readUrl of any pool) as {@code target}, reporting progress. */
    VolumeInfo copyIn(NfsLocation pool, String poolName, VolumeSpec target, String sourceUrl, String sourceFormat,
            Progress progress, Instant deadline) {
        String name = NfsLocation.checkName(target.name());
        String format = checkFormat(target.format());
        String source = readable(sourceUrl);
        if (source == null) {
            throw new DriverException(ErrorCode.UNSUPPORTED, "the engine cannot read " + sourceUrl + ", so it cannot "
                    + "copy it into pool " + poolName);
        }
        progress.report(0, "copying into pool " + poolName);
        String[] readable = NfsVmdks.source(source, sourceFormat);
        if ("vmdk".equals(format)) {
            return vmdks.copy(pool, name, target.sizeBytes(), readable[0], readable[1], progress, deadline);
        }
        return write(pool, name, target.sizeBytes(), QemuImg.convert(readable[1], readable[0], format,
                pool.createUrl(name), true), deadline, progress);
    }

    /**
     * Creates an uploaded volume: the header is checked before anything is stored, the body is spooled to a
     * temporary file of the engine (a qcow2 one is checked with qemu-img check) and converted into the export.
     */
    VolumeInfo upload(NfsLocation pool, String name, String format, long sizeBytes, InputStream input,
            Instant deadline) {
        NfsLocation.checkName(name);
        if ("vmdk".equals(format)) {
            throw new DriverException(ErrorCode.INVALID, "NFS pools take uploads as qcow2, raw or iso: upload the "
                    + "disk as raw and copy it into a vmdk volume");
        }
        if (!"iso".equals(format)) {
            checkFormat(format);
        }
        BufferedInputStream data = new BufferedInputStream(input, ImageHeaders.NEEDED * 2);
        Path spool = null;
        try {
            data.mark(ImageHeaders.NEEDED + 1);
            ImageHeaders.check(format, data.readNBytes(ImageHeaders.NEEDED));
            data.reset();
            if (exists(pool, name, deadline)) {
                throw new DriverException(ErrorCode.CONFLICT, "volume " + name + " already exists in " + pool.url());
            }
            spool = Files.createTempFile("ovm-nfs-upload-", ".img");
            long written;
            try (OutputStream out = Files.newOutputStream(spool)) {
                written = copy(data, out, sizeBytes, deadline);
            }
            if (written != sizeBytes) {
                throw new DriverException(ErrorCode.INVALID, "the upload ended after " + written + " of " + sizeBytes
                        + " bytes");
            }
            String qemuFormat = "iso".equals(format) ? "raw" : format;
            checkIntegrity(spool.toString(), name, qemuFormat, deadline, pool.server());
            VolumeInfo stored = write(pool, name, 0, QemuImg.convert(qemuFormat, spool.toString(), qemuFormat,
                    pool.createUrl(name), false), deadline, null);
            return "iso".equals(format) ? new VolumeInfo(stored.name(), stored.path(), "iso", stored.sizeBytes(),
                    stored.allocatedBytes(), null) : stored;
        } catch (IOException e) {
            throw new DriverException(ErrorCode.INVALID, "cannot read the upload of " + name + ": " + e.getMessage());
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a temporary file of the engine
                }
            }
        }
    }

    /** Removes a volume (a vmdk with its data file); one that is not there is no error. */
    void delete(NfsLocation pool, String name, Instant deadline) {
        libnfs.get().unlink(pool.server(), pool.path(), NfsLocation.checkName(name), deadline);
        if (VmdkDescriptor.isDescriptor(name)) {
            libnfs.get().unlink(pool.server(), pool.path(), VmdkDescriptor.flatName(name), deadline);
        }
    }

    /** Grows a volume; shrinking is {@code INVALID}. */
    VolumeInfo resize(NfsLocation pool, String name, long newSizeBytes, Instant deadline) {
        if (VmdkDescriptor.isDescriptor(name)) {
            return vmdks.resize(pool, name, newSizeBytes, deadline);
        }
        VolumeInfo current = describe(pool, name, deadline);
        if (newSizeBytes < current.sizeBytes()) {
            throw new DriverException(ErrorCode.INVALID, "volume " + name + " can only grow (it has "
                    + current.sizeBytes() + " bytes)");
        }
        if (newSizeBytes > current.sizeBytes()) {
            run(QemuImg.resize(current.format(), current.path(), newSizeBytes), deadline, "resizing " + name,
                    pool.server());
        }
        return describe(pool, name, deadline);
    }

    /**
     * Runs a command that creates {@code name} (refused with {@code CONFLICT} when it exists), grows the
     * result to {@code sizeBytes} if smaller, and removes it again if anything fails.
     */
    private VolumeInfo write(NfsLocation pool, String name, long sizeBytes, List<String> command, Instant deadline,
            Progress progress) {
        if (exists(pool, name, deadline)) {
            throw new DriverException(ErrorCode.CONFLICT, "volume " + name + " already exists in " + pool.url());
        }
        try {
            AtomicInteger last = new AtomicInteger(-1);
            Commands.Result result = commands.run(command, deadline, progress == null ? null : line -> {
                int percent = QemuImg.progress(line);
                if (percent >= 0 && last.getAndSet(percent) != percent) {
                    progress.report(percent, "copying " + name);
                }
            });
            if (!result.ok()) {
                throw QemuImg.failure("writing volume " + name, pool.server(), result.output());
            }
            VolumeInfo info = describe(pool, name, deadline);
            if (info.sizeBytes() < sizeBytes) {
                run(QemuImg.resize(info.format(), info.path(), sizeBytes), deadline, "growing " + name,
                        pool.server());
                info = describe(pool, name, deadline);
            }
            if (progress != null) {
                progress.report(100, "copied " + name);
            }
            return info;
        } catch (RuntimeException e) {
            try {
                delete(pool, name, deadline.isAfter(Instant.now().plusSeconds(10)) ? deadline
                        : Instant.now().plusSeconds(10));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void run(List<String> command, Instant deadline, String what, String server) {
        Commands.Result result = commands.run(command, deadline, null);
        if (!result.ok()) {
            throw QemuImg.failure(what, server, result.output());
        }
    }

    private static String checkFormat(String format) {
        if (!"qcow2".equals(format) && !"raw".equals(format) && !"vmdk".equals(format)) {
            throw new DriverException(ErrorCode.INVALID, "NFS pools hold qcow2, raw and vmdk volumes, not " + format);
        }
        return format;
    }

    /**
     * What the engine's qemu-img can read of an image path: an {@code nfs://} URL as it is, a {@code file://}
     * URL or absolute path of a readable file of this machine as a path; otherwise null.
     */
    static String readable(String pathOrUrl) {
        if (pathOrUrl == null) {
            return null;
        }
        if (pathOrUrl.startsWith("nfs://")) {
            return pathOrUrl;
        }
        Path file;
        try {
            if (pathOrUrl.startsWith("file:")) {
                URI uri = URI.create(pathOrUrl);
                if (uri.getHost() != null && !uri.getHost().isEmpty() && !"localhost".equals(uri.getHost())) {
                    return null;
                }
                file = Path.of(uri.getPath());
            } else if (pathOrUrl.startsWith("/")) {
                file = Path.of(pathOrUrl);
            } else {
                return null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return Files.isRegularFile(file) && Files.isReadable(file) ? file.toString() : null;
    }

    private static long copy(InputStream in, OutputStream out, long limit, Instant deadline) throws IOException {
        byte[] buffer = new byte[1 << 20];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (total + n > limit) {
                throw new DriverException(ErrorCode.INVALID, "the upload is longer than the " + limit
                        + " bytes announced");
            }
            out.write(buffer, 0, n);
            total += n;
            if (Instant.now().isAfter(deadline)) {
                throw new DriverException(ErrorCode.TIMEOUT, "the upload did not finish in time");
            }
        }
        return total;
    }
}
