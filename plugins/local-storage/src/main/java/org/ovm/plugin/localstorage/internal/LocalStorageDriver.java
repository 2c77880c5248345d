package org.ovm.plugin.localstorage.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StoragePoolInfo;
import org.libvirt.StorageVol;
import org.libvirt.Stream;
import org.ovm.lib.images.ImageHeaders;
import org.ovm.lib.libvirt.LibvirtConnections;
import org.ovm.lib.libvirt.LibvirtErrors;
import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.common.Progress;
import org.ovm.spi.storage.PoolCapacity;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.StorageCapability;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;
import org.ovm.spi.storage.VolumeTransferSupport;
import org.w3c.dom.Element;

/**
 * Pools that are a directory on one host, managed as a libvirt {@code dir} pool through the
 * host's libvirt: thin qcow2 volumes, linked clones (qcow2 backing file) and full clones
 * (libvirt copies with qemu-img and an explicit source format).
 */
public final class LocalStorageDriver implements StorageDriver, VolumeTransferSupport {

    private static final List<String> FORMATS = List.of("qcow2", "raw");

    private final LibvirtConnections connections = new LibvirtConnections();
    private final PoolLocks locks = new PoolLocks(LocalStorageDriver::busy, Thread::sleep);
    private final ImageIntegrity integrity;
    private final ImageCopy copier = new ImageCopy();

    public LocalStorageDriver() {
        this(new ImageIntegrity());
    }

    LocalStorageDriver(ImageIntegrity integrity) {
        this.integrity = integrity;
    }

    @FunctionalInterface
    interface PoolCall<T> {
        T apply(Connect connect, StoragePool pool) throws LibvirtException;
    }

    @Override
    public String type() {
        return "local";
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return EnumSet.of(StorageCapability.LINKED_CLONE);
    }

    /** QEMU's own format first (thin, linked clones), then raw. */
    @Override
    public List<String> volumeFormats() {
        return FORMATS;
    }

    @Override
    public CompletionStage<PoolCapacity> attachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return async(ctx, host, "attach pool " + pool.name(), connect -> locks.exclusive(key(host, pool), () -> {
            StoragePool libvirtPool = find(connect, pool);
            if (libvirtPool == null) {
                libvirtPool = define(connect, pool);
                libvirtPool.build(0);
            }
            if (libvirtPool.isActive() == 0) {
                libvirtPool.create(0);
            }
            libvirtPool.setAutostart(1);
            libvirtPool.refresh(0);
            return capacity(libvirtPool);
        }));
    }

    @Override
    public CompletionStage<Void> detachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return async(ctx, host, "detach pool " + pool.name(), connect -> locks.exclusive(key(host, pool), () -> {
            StoragePool libvirtPool = find(connect, pool);
            if (libvirtPool != null) {
                boolean empty = false;
                if (libvirtPool.isActive() == 1) {
                    libvirtPool.refresh(0);
                    empty = libvirtPool.numOfVolumes() == 0;
                    libvirtPool.destroy();
                }
                if (empty) {
                    libvirtPool.delete(0); // removes the (empty) directory; a pool inactive before keeps it
                }
                libvirtPool.undefine();
            }
            return null;
        }));
    }

    @Override
    public CompletionStage<PoolCapacity> capacity(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return withPool(ctx, pool, host, "read capacity of " + pool.name(), true, (connect, p) -> {
            p.refresh(0);
            return capacity(p);
        });
    }

    @Override
    public CompletionStage<VolumeInfo> createVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            VolumeSpec volume) {
        // no pool refresh first: libvirt refuses one while another volume of the pool is being built,
        // and needs none here (it refuses to create over a file it does not list: see created())
        return withPool(ctx, pool, host, "create volume " + volume.name(), false, (connect, p) -> {
            if (lookup(p, volume.name()) != null) {
                throw new DriverException(ErrorCode.CONFLICT, "volume " + volume.name() + " already exists in "
                        + pool.name());
            }
            StorageVol created;
            try {
                if (volume.backingPath() != null && !volume.linkedClone()) {
                    StorageVol template = connect.storageVolLookupByPath(volume.backingPath());
                    created = p.storageVolCreateXMLFrom(PoolXml.volumeXml(volume, false), template, 0);
                } else {
                    created = p.storageVolCreateXML(PoolXml.volumeXml(volume, volume.backingPath() != null), 0);
                }
            } catch (LibvirtException e) {
                throw existing(e, volume.name(), pool);
            }
            if (volume.backingPath() != null && !volume.linkedClone()
                    && created.getInfo().capacity < volume.sizeBytes()) {
                created.resize(volume.sizeBytes(), 0);
            }
            return info(created);
        });
    }

    @Override
    public CompletionStage<VolumeInfo> inspectVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name) {
        return withPool(ctx, pool, host, "inspect volume " + name, true, (connect, p) -> {
            p.refresh(0);
            StorageVol volume = lookup(p, name);
            if (volume == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no volume " + name + " in " + pool.name());
            }
            VolumeInfo info = info(volume);
            if (info.backingPath() == null) { // one with a backing file is refused by the kernel unopened
                integrity.checkStored(host.uri(), info.path(), info.format());
            }
            return info;
        });
    }

    @Override
    public CompletionStage<VolumeInfo> uploadVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name, String format, long sizeBytes, InputStream input) {
        // the bytes beside other builds; then, alone in the pool, libvirt's view of the file as what
        // it really is (a refresh probes the format: until then the volume is the raw file it was
        // created as, its size the file's) and the integrity check
        return withPool(ctx, pool, host, "upload volume " + name, false, (Connect connect, StoragePool p) -> {
            // the header first: a file that is not what it claims never reaches the pool
            BufferedInputStream data = new BufferedInputStream(input, ImageHeaders.NEEDED * 2);
            try {
                data.mark(ImageHeaders.NEEDED + 1);
                byte[] header = data.readNBytes(ImageHeaders.NEEDED);
                data.reset();
                ImageHeaders.check(format, header);
            } catch (IOException e) {
                throw new DriverException(ErrorCode.INVALID, "cannot read the upload: " + e.getMessage());
            }
            if (lookup(p, name) != null) {
                throw new DriverException(ErrorCode.CONFLICT, "volume " + name + " already exists in " + pool.name());
            }
            StorageVol volume;
            try {
                volume = p.storageVolCreateXML(PoolXml.volumeXml(VolumeSpec.empty(name, Math.max(sizeBytes, 1), "raw"),
                        false), 0);
            } catch (LibvirtException e) {
                throw existing(e, name, pool);
            }
            Stream stream = null;
            try {
                stream = connect.streamNew(0);
                volume.upload(stream, 0, sizeBytes, 0);
                byte[] buffer = new byte[1 << 20];
                long sent = 0;
                int n;
                while ((n = data.read(buffer)) > 0) {
                    int offset = 0;
                    while (offset < n) {
                        int written = stream.send(Arrays.copyOfRange(buffer, offset, n));
                        offset += written;
                    }
                    sent += n;
                }
                if (sent != sizeBytes) {
                    stream.abort();
                    stream = null;
                    throw new DriverException(ErrorCode.INVALID, "the upload ended after " + sent + " of " + sizeBytes
                            + " bytes");
                }
                stream.finish();
                stream = null;
                return name;
            } catch (LibvirtException | IOException | RuntimeException e) {
                try {
                    if (stream != null) {
                        stream.abort(); // a read of the body failed mid-transfer: end the transfer first
                    }
                } catch (LibvirtException abort) {
                    e.addSuppressed(abort);
                }
                try {
                    volume.delete(0);
                } catch (LibvirtException cleanup) {
                    e.addSuppressed(cleanup);
                }
                if (e instanceof LibvirtException libvirt) {
                    throw libvirt;
                }
                if (e instanceof DriverException driver) {
                    throw driver;
                }
                throw new DriverException(ErrorCode.INVALID, "upload of " + name + " failed: " + e.getMessage());
            }
        }).thenCompose(uploaded -> withPool(ctx, pool, host, "check upload " + name, true, (connect, p) -> {
            p.refresh(0);
            StorageVol volume = lookup(p, name);
            if (volume == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "the uploaded volume " + name + " is gone from "
                        + pool.name());
            }
            try {
                VolumeInfo stored = info(volume);
                // a truncated or corrupt image never becomes a template
                integrity.checkStored(host.uri(), stored.path(), format);
                return stored;
            } catch (LibvirtException | RuntimeException e) {
                try {
                    volume.delete(0);
                } catch (LibvirtException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }));
    }

    @Override
    public CompletionStage<Void> deleteVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host, String name) {
        return withPool(ctx, pool, host, "delete volume " + name, true, (connect, p) -> {
            p.refresh(0);
            StorageVol volume = lookup(p, name);
            if (volume != null) {
                volume.delete(0);
            }
            return null;
        });
    }

    @Override
    public CompletionStage<VolumeInfo> resizeVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name, long newSizeBytes) {
        return withPool(ctx, pool, host, "resize volume " + name, false, (connect, p) -> {
            StorageVol volume = lookup(p, name);
            if (volume == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no volume " + name + " in " + pool.name());
            }
            if (newSizeBytes < volume.getInfo().capacity) {
                throw new DriverException(ErrorCode.INVALID, "volume " + name + " can only grow (it has "
                        + volume.getInfo().capacity + " bytes)");
            }
            volume.resize(newSizeBytes, 0);
            return info(volume);
        });
    }

    /**
     * {@code file://} of the volume when the pool's host is this machine (its libvirt URI names no
     * host, a loopback one or a unix socket); empty for a remote host, whose files the engine does not
     * share.
     */
    @Override
    public CompletionStage<Optional<String>> readUrl(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String volumeName) {
        return withPool(ctx, pool, host, "locate volume " + volumeName, true, (connect, p) -> {
            p.refresh(0);
            StorageVol volume = lookup(p, volumeName);
            if (volume == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no volume " + volumeName + " in " + pool.name());
            }
            if (!ImageIntegrity.sameMachine(host.uri())) {
                return Optional.<String>empty();
            }
            return Optional.of(Path.of(volume.getPath()).toUri().toString());
        });
    }

    /**
     * {@code qemu-img convert} on the engine into the pool's directory (shared with the engine: the
     * host is this machine), then a pool refresh so libvirt lists the volume. Remote hosts:
     * {@code UNSUPPORTED}. A failed copy leaves no file.
     */
    @Override
    public CompletionStage<VolumeInfo> copyIn(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            VolumeSpec target, String sourceUrl, String sourceFormat, Progress progress) {
        if (!ImageIntegrity.sameMachine(host.uri())) {
            return CompletableFuture.failedFuture(new DriverException(ErrorCode.UNSUPPORTED, "pool " + pool.name()
                    + " is a directory on host " + host.hostId() + " (libvirt at " + host.uri() + "), which the OVM "
                    + "engine does not share: volumes are copied into it only when that host is the engine's machine"));
        }
        if (!FORMATS.contains(target.format()) || !FORMATS.contains(sourceFormat)) {
            return CompletableFuture.failedFuture(new DriverException(ErrorCode.INVALID, "the local driver copies "
                    + FORMATS + " volumes, not " + sourceFormat + " to " + target.format()));
        }
        String source;
        try {
            source = ImageCopy.source(sourceUrl);
        } catch (DriverException e) {
            return CompletableFuture.failedFuture(e);
        }
        Path file = Path.of(PoolXml.directory(pool), target.name());
        if (!file.getParent().equals(Path.of(PoolXml.directory(pool))) || target.name().startsWith(".")) {
            return CompletableFuture.failedFuture(new DriverException(ErrorCode.INVALID, "volume name "
                    + target.name() + " is not a file name"));
        }
        return withPool(ctx, pool, host, "copy into volume " + target.name(), false, (connect, p) -> {
            if (lookup(p, target.name()) != null || Files.exists(file)) {
                throw new DriverException(ErrorCode.CONFLICT, "volume " + target.name() + " already exists in "
                        + pool.name());
            }
            copier.copy(source, sourceFormat, file, target.format(), ctx.deadline(), progress, ctx.executor());
            return file;
        }).thenCompose(copied -> withPool(ctx, pool, host, "register volume " + target.name(), true, (connect, p) -> {
            try {
                p.refresh(0);
                StorageVol volume = lookup(p, target.name());
                if (volume == null) {
                    throw new DriverException(ErrorCode.BACKEND_FAILURE, "libvirt does not list the copy "
                            + target.name() + " in " + pool.name() + " after a refresh");
                }
                if (volume.getInfo().capacity < target.sizeBytes()) {
                    volume.resize(target.sizeBytes(), 0);
                }
                progress.report(100, "copied into " + target.name());
                return info(volume);
            } catch (LibvirtException | RuntimeException e) {
                deleteQuietly(copied, e);
                throw e;
            }
        }));
    }

    private static void deleteQuietly(Path file, Exception cause) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void release(String hostId) {
        connections.invalidate(hostId);
    }

    public void close() {
        connections.closeAll();
    }

    /** The URI of the libvirtd a connection reaches, for commands the operator may type; null if unknown. */
    private static String uriOf(Connect connect) {
        try {
            return connect.getURI();
        } catch (LibvirtException e) {
            return null;
        }
    }

    /**
     * Defines the libvirt pool. A directory another libvirt pool already uses (a second OVM install
     * on the machine, or one left by an earlier one) is a conflict naming that pool and what to do,
     * found before libvirt refuses the definition (its own refusal names neither the pool nor a way out).
     */
    private static StoragePool define(Connect connect, PoolSpec pool) throws LibvirtException {
        String directory = PoolXml.directory(pool);
        String owner = poolUsing(connect, directory, PoolXml.libvirtName(pool));
        if (owner != null) {
            throw new DriverException(ErrorCode.CONFLICT, PoolXml.directoryTaken(directory, owner, uriOf(connect)));
        }
        try {
            return connect.storagePoolDefineXML(PoolXml.poolXml(pool), 0);
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_OPERATION_FAILED
                    && String.valueOf(e.getMessage()).contains("source conflict")) {
                // defined meanwhile by someone else: libvirt's message names the pool
                throw new DriverException(ErrorCode.CONFLICT, PoolXml.directoryTaken(directory,
                        PoolXml.conflictingPool(e.getMessage()), uriOf(connect)));
            }
            throw e;
        }
    }

    /** The name of another libvirt pool (active or not) whose directory is {@code directory}, or null. */
    private static String poolUsing(Connect connect, String directory, String ownName) throws LibvirtException {
        List<String> names = new ArrayList<>(Arrays.asList(connect.listStoragePools()));
        names.addAll(Arrays.asList(connect.listDefinedStoragePools()));
        for (String name : names) {
            if (name.equals(ownName)) {
                continue;
            }
            try {
                String xml = connect.storagePoolLookupByName(name).getXMLDesc(0);
                if (PoolXml.sameDirectory(PoolXml.targetPath(xml), directory)) {
                    return name;
                }
            } catch (LibvirtException e) {
                if (!LibvirtErrors.is(e, ErrorNumber.VIR_ERR_NO_STORAGE_POOL)) {
                    throw e; // one undefined between the listing and the lookup is no owner
                }
            }
        }
        return null;
    }

    /**
     * Runs {@code work} on the pool: {@code exclusive} work (anything that refreshes the pool) alone
     * in it, other work beside other non-exclusive work (see {@link PoolLocks}).
     */
    private <T> CompletionStage<T> withPool(OperationContext ctx, PoolSpec pool, HostEndpoint host, String what,
            boolean exclusive, PoolCall<T> work) {
        return async(ctx, host, what, connect -> {
            PoolLocks.Work<T, LibvirtException> locked = () -> {
                StoragePool libvirtPool = find(connect, pool);
                if (libvirtPool == null) {
                    throw new DriverException(ErrorCode.NOT_FOUND, "pool " + pool.name()
                            + " is not attached to host " + host.hostId());
                }
                return work.apply(connect, libvirtPool);
            };
            return exclusive ? locks.exclusive(key(host, pool), locked) : locks.shared(key(host, pool), locked);
        });
    }

    private static String key(HostEndpoint host, PoolSpec pool) {
        return host.hostId() + "/" + PoolXml.libvirtName(pool);
    }

    /** libvirt refuses a refresh while a volume of the pool is being built (by anyone). */
    static boolean busy(Exception e) {
        return e instanceof LibvirtException && String.valueOf(e.getMessage()).contains("asynchronous jobs running");
    }

    /**
     * A create refused because the file exists (libvirt does not list it: put there by hand) is a
     * conflict, and not retryable, so no compensation deletes a file the task did not create.
     */
    private static LibvirtException existing(LibvirtException e, String name, PoolSpec pool) {
        if (String.valueOf(e.getMessage()).contains("already exists")) {
            throw new DriverException(ErrorCode.CONFLICT, "a file named " + name + " already exists in "
                    + pool.name() + " (" + e.getMessage() + ")");
        }
        return e;
    }

    private <T> CompletionStage<T> async(OperationContext ctx, HostEndpoint host, String what,
            LibvirtConnections.Call<T> work) {
        return CompletableFuture.supplyAsync(() -> connections.call(host, what, work, retries(what)), ctx.executor());
    }

    /** Creating and uploading must not run twice on a dropped connection; everything else may. */
    private static boolean retries(String what) {
        return !what.startsWith("create volume") && !what.startsWith("upload volume");
    }

    private static StoragePool find(Connect connect, PoolSpec pool) throws LibvirtException {
        try {
            return connect.storagePoolLookupByName(PoolXml.libvirtName(pool));
        } catch (LibvirtException e) {
            if (LibvirtErrors.is(e, ErrorNumber.VIR_ERR_NO_STORAGE_POOL)) {
                return null;
            }
            throw e;
        }
    }

    private static StorageVol lookup(StoragePool pool, String name) throws LibvirtException {
        try {
            return pool.storageVolLookupByName(name);
        } catch (LibvirtException e) {
            if (LibvirtErrors.is(e, ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                return null;
            }
            throw e;
        }
    }

    private static PoolCapacity capacity(StoragePool pool) throws LibvirtException {
        StoragePoolInfo info = pool.getInfo();
        return new PoolCapacity(info.capacity, info.available);
    }

    private static VolumeInfo info(StorageVol volume) throws LibvirtException {
        var info = volume.getInfo();
        Element root = Xml.parse(volume.getXMLDesc(0)).getDocumentElement();
        Element target = Xml.child(root, "target");
        Element format = target == null ? null : Xml.child(target, "format");
        String backing = Xml.text(root, "backingStore", "path");
        return new VolumeInfo(volume.getName(), volume.getPath(), format == null ? null : format.getAttribute("type"),
                info.capacity, info.allocation, backing == null || backing.isEmpty() ? null : backing);
    }
}
