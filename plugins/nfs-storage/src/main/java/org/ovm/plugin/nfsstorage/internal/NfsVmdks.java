package org.ovm.plugin.nfsstorage.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.Progress;
import org.ovm.spi.storage.VolumeInfo;

/**
 * vmdk volumes on an export, for ESXi hosts that mount it as a NAS datastore: the engine writes the data as a
 * raw file {@code <name>-flat.vmdk} with qemu-img ({@code -f raw}, on the plain {@code nfs://} URL) and the small
 * ESXi descriptor {@code <name>.vmdk} ({@link VmdkDescriptor}) with nfs-cp. qemu-img reads such a pair with
 * {@code -f vmdk} from a local path, but not over {@code nfs://}: qemu 7.2 resolves the extent against the
 * descriptor's whole URL ({@code .../v.vmdk/v-flat.vmdk}, "No such file or directory"). So the engine reads the
 * data of its vmdk volumes from the flat extent, as raw ({@link #source}): sizes, copies, backups. Both files go
 * together: a failed create removes both.
 */
class NfsVmdks {

    static final String NFS_CP = "nfs-cp";

    private final Commands commands;
    private final NfsVolumes volumes;

    NfsVmdks(Commands commands, NfsVolumes volumes) {
        this.commands = commands;
        this.volumes = volumes;
    }

    /** An empty thin disk of {@code sizeBytes} (rounded up to whole sectors). */
    VolumeInfo create(NfsLocation pool, String name, long sizeBytes, Instant deadline) {
        VmdkDescriptor.checkName(name);
        String flat = VmdkDescriptor.flatName(name);
        return write(pool, name, sizeBytes, QemuImg.create("raw", pool.createUrl(flat),
                VmdkDescriptor.roundUp(sizeBytes)), deadline, null);
    }

    /** A full copy of the image {@code source} (format {@code sourceFormat}, readable by the engine). */
    VolumeInfo copy(NfsLocation pool, String name, long sizeBytes, String source, String sourceFormat,
            Progress progress, Instant deadline) {
        VmdkDescriptor.checkName(name);
        String flat = VmdkDescriptor.flatName(name);
        return write(pool, name, sizeBytes, QemuImg.convert(sourceFormat, source, "raw", pool.createUrl(flat),
                progress != null), deadline, progress);
    }

    /**
     * What qemu-img reads for an image of {@code format} at {@code url}: for a vmdk descriptor on NFS (one of these
     * volumes: a single flat extent next to it), its flat extent as raw; otherwise the image as it is.
     *
     * @return {url, format}
     */
    static String[] source(String url, String format) {
        if ("vmdk".equals(format) && url.startsWith("nfs://") && VmdkDescriptor.isDescriptor(url)) {
            int slash = url.lastIndexOf('/');
            return new String[] {url.substring(0, slash + 1) + VmdkDescriptor.flatName(url.substring(slash + 1)), "raw"};
        }
        return new String[] {url, format};
    }

    /** A vmdk volume: its descriptor must be there; its size is its flat extent's. */
    VolumeInfo describe(NfsLocation pool, String name, Instant deadline) {
        if (!volumes.exists(pool, name, deadline)) {
            throw new DriverException(ErrorCode.NOT_FOUND, "no volume " + name + " in " + pool.url());
        }
        String flat = VmdkDescriptor.flatName(name);
        Commands.Result result = commands.run(QemuImg.info("raw", pool.volumeUrl(flat)), deadline, null);
        if (!result.ok()) {
            if (QemuImg.missing(result.output())) {
                throw new DriverException(ErrorCode.NOT_FOUND, "volume " + name + " has no data file " + flat + " in "
                        + pool.url());
            }
            throw QemuImg.failure("reading volume " + name, pool.server(), result.output());
        }
        QemuImg.Info info = QemuImg.parseInfo(result.output());
        return new VolumeInfo(name, pool.volumeUrl(name), "vmdk", info.virtualSize(), info.actualSize(), null);
    }

    /** Grows the data file and rewrites the descriptor; shrinking is {@code INVALID}. */
    VolumeInfo resize(NfsLocation pool, String name, long newSizeBytes, Instant deadline) {
        VolumeInfo current = volumes.describe(pool, name, deadline);
        long size = VmdkDescriptor.roundUp(newSizeBytes);
        if (newSizeBytes < current.sizeBytes()) {
            throw new DriverException(ErrorCode.INVALID, "volume " + name + " can only grow (it has "
                    + current.sizeBytes() + " bytes)");
        }
        if (size > current.sizeBytes()) {
            run(QemuImg.resize("raw", pool.volumeUrl(VmdkDescriptor.flatName(name)), size), deadline,
                    "resizing " + name, pool.server());
            // nfs-cp creates files, never overwrites: the old descriptor goes first (the data file stays)
            volumes.libnfs().unlink(pool.server(), pool.path(), name, deadline);
            writeDescriptor(pool, name, size, deadline);
        }
        return volumes.describe(pool, name, deadline);
    }

    private VolumeInfo write(NfsLocation pool, String name, long sizeBytes, List<String> flatCommand,
            Instant deadline, Progress progress) {
        String flat = VmdkDescriptor.flatName(name);
        if (volumes.exists(pool, name, deadline) || volumes.exists(pool, flat, deadline)) {
            throw new DriverException(ErrorCode.CONFLICT, "volume " + name + " (or its data file " + flat
                    + ") already exists in " + pool.url());
        }
        try {
            AtomicInteger last = new AtomicInteger(-1);
            Commands.Result result = commands.run(flatCommand, deadline, progress == null ? null : line -> {
                int percent = QemuImg.progress(line);
                if (percent >= 0 && last.getAndSet(percent) != percent) {
                    progress.report(percent, "copying " + name);
                }
            });
            if (!result.ok()) {
                throw QemuImg.failure("writing volume " + name, pool.server(), result.output());
            }
            Commands.Result info = commands.run(QemuImg.info("raw", pool.volumeUrl(flat)), deadline, null);
            if (!info.ok()) {
                throw QemuImg.failure("reading volume " + name, pool.server(), info.output());
            }
            long written = QemuImg.parseInfo(info.output()).virtualSize();
            long size = Math.max(VmdkDescriptor.roundUp(sizeBytes), VmdkDescriptor.roundUp(written));
            if (size != written) {
                run(QemuImg.resize("raw", pool.volumeUrl(flat), size), deadline, "growing " + name, pool.server());
            }
            writeDescriptor(pool, name, size, deadline);
            if (progress != null) {
                progress.report(100, "copied " + name);
            }
            return volumes.describe(pool, name, deadline);
        } catch (RuntimeException e) {
            try {
                volumes.delete(pool, name, deadline.isAfter(Instant.now().plusSeconds(10)) ? deadline
                        : Instant.now().plusSeconds(10));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Writes the descriptor through a temporary file of the engine and nfs-cp, owned by the pool's user. */
    private void writeDescriptor(NfsLocation pool, String name, long sizeBytes, Instant deadline) {
        String text = VmdkDescriptor.text(VmdkDescriptor.flatName(name), sizeBytes,
                ThreadLocalRandom.current().nextLong());
        Path spool = null;
        try {
            spool = Files.createTempFile("ovm-nfs-vmdk-", ".vmdk");
            Files.writeString(spool, text, StandardCharsets.US_ASCII);
            run(List.of(NFS_CP, spool.toString(), pool.createUrl(name)), deadline, "writing the descriptor of "
                    + name, pool.server());
        } catch (IOException e) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "cannot write the descriptor of " + name
                    + " on the engine's machine: " + e.getMessage());
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

    private void run(List<String> command, Instant deadline, String what, String server) {
        Commands.Result result = commands.run(command, deadline, null);
        if (!result.ok()) {
            throw QemuImg.failure(what, server, result.output());
        }
    }
}
