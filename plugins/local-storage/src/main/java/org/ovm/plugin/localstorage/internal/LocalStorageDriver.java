package org.ovm.plugin.localstorage.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
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
import org.ovm.lib.libvirt.LibvirtConnections;
import org.ovm.lib.libvirt.LibvirtErrors;
import org.ovm.lib.libvirt.Xml;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.storage.PoolCapacity;
import org.ovm.spi.storage.PoolSpec;
import org.ovm.spi.storage.StorageCapability;
import org.ovm.spi.storage.StorageDriver;
import org.ovm.spi.storage.VolumeInfo;
import org.ovm.spi.storage.VolumeSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Pools that are a directory on one host, managed as a libvirt {@code dir} pool through the
 * host's libvirt: thin qcow2 volumes, linked clones (qcow2 backing file) and full clones
 * (libvirt copies with qemu-img and an explicit source format).
 */
public final class LocalStorageDriver implements StorageDriver {

    private static final List<String> FORMATS = List.of("qcow2", "raw");

    private final LibvirtConnections connections = new LibvirtConnections();

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
        return async(ctx, host, "attach pool " + pool.name(), connect -> {
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
        });
    }

    @Override
    public CompletionStage<Void> detachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return async(ctx, host, "detach pool " + pool.name(), connect -> {
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
        });
    }

    @Override
    public CompletionStage<PoolCapacity> capacity(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return withPool(ctx, pool, host, "read capacity of " + pool.name(), (connect, p) -> {
            p.refresh(0);
            return capacity(p);
        });
    }

    @Override
    public CompletionStage<VolumeInfo> createVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            VolumeSpec volume) {
        return withPool(ctx, pool, host, "create volume " + volume.name(), (connect, p) -> {
            p.refresh(0);
            if (lookup(p, volume.name()) != null) {
                throw new DriverException(ErrorCode.CONFLICT, "volume " + volume.name() + " already exists in "
                        + pool.name());
            }
            StorageVol created;
            if (volume.backingPath() != null && !volume.linkedClone()) {
                StorageVol template = connect.storageVolLookupByPath(volume.backingPath());
                created = p.storageVolCreateXMLFrom(volumeXml(volume, false), template, 0);
                if (created.getInfo().capacity < volume.sizeBytes()) {
                    created.resize(volume.sizeBytes(), 0);
                }
            } else {
                created = p.storageVolCreateXML(volumeXml(volume, volume.backingPath() != null), 0);
            }
            return info(created);
        });
    }

    @Override
    public CompletionStage<VolumeInfo> inspectVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name) {
        return withPool(ctx, pool, host, "inspect volume " + name, (connect, p) -> {
            p.refresh(0);
            StorageVol volume = lookup(p, name);
            if (volume == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no volume " + name + " in " + pool.name());
            }
            return info(volume);
        });
    }

    @Override
    public CompletionStage<VolumeInfo> uploadVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name, String format, long sizeBytes, InputStream input) {
        return withPool(ctx, pool, host, "upload volume " + name, (connect, p) -> {
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
            p.refresh(0);
            if (lookup(p, name) != null) {
                throw new DriverException(ErrorCode.CONFLICT, "volume " + name + " already exists in " + pool.name());
            }
            StorageVol volume = p.storageVolCreateXML(volumeXml(VolumeSpec.empty(name, Math.max(sizeBytes, 1), "raw"),
                    false), 0);
            try {
                Stream stream = connect.streamNew(0);
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
                    throw new DriverException(ErrorCode.INVALID, "upload of " + name + " ended after " + sent + " of "
                            + sizeBytes + " bytes");
                }
                stream.finish();
                p.refresh(0);
                return info(p.storageVolLookupByName(name));
            } catch (LibvirtException | IOException | RuntimeException e) {
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
        });
    }

    @Override
    public CompletionStage<Void> deleteVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host, String name) {
        return withPool(ctx, pool, host, "delete volume " + name, (connect, p) -> {
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
        return withPool(ctx, pool, host, "resize volume " + name, (connect, p) -> {
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

    @Override
    public void release(String hostId) {
        connections.invalidate(hostId);
    }

    public void close() {
        connections.closeAll();
    }

    /** Defines the libvirt pool; a directory that already is another libvirt pool is a conflict saying what to do. */
    private static StoragePool define(Connect connect, PoolSpec pool) throws LibvirtException {
        try {
            return connect.storagePoolDefineXML(poolXml(pool), 0);
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_OPERATION_FAILED
                    && String.valueOf(e.getMessage()).contains("source conflict")) {
                throw new DriverException(ErrorCode.CONFLICT, "directory " + directory(pool) + " already is a "
                        + "libvirt storage pool on this host (" + e.getMessage() + "): another OVM pool, or one left by "
                        + "an earlier installation. Use another directory, or remove that pool with 'virsh pool-destroy "
                        + "NAME; virsh pool-undefine NAME' (its files stay)");
            }
            throw e;
        }
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

    private <T> CompletionStage<T> withPool(OperationContext ctx, PoolSpec pool, HostEndpoint host, String what,
            PoolCall<T> work) {
        return async(ctx, host, what, connect -> {
            StoragePool libvirtPool = find(connect, pool);
            if (libvirtPool == null) {
                throw new DriverException(ErrorCode.NOT_FOUND, "pool " + pool.name() + " is not attached to host "
                        + host.hostId());
            }
            return work.apply(connect, libvirtPool);
        });
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
            return connect.storagePoolLookupByName(libvirtName(pool));
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
