package org.ovm.plugin.esxi.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

import com.vmware.vim25.FileBackedVirtualDiskSpec;
import com.vmware.vim25.FileInfo;
import com.vmware.vim25.FileQuery;
import com.vmware.vim25.FileQueryFlags;
import com.vmware.vim25.HostDatastoreBrowserSearchResults;
import com.vmware.vim25.HostDatastoreBrowserSearchSpec;
import com.vmware.vim25.VirtualDiskSpec;
import com.vmware.vim25.VmDiskFileInfo;
import com.vmware.vim25.VmDiskFileQuery;
import com.vmware.vim25.VmDiskFileQueryFlags;
import com.vmware.vim25.mo.Datastore;
import com.vmware.vim25.mo.VirtualDiskManager;

/**
 * An ESXi host's datastores as storage pools (type {@code datastore}): VM disks are vmdk files
 * in the folder {@code ovm} of the datastore, made and removed by the host's virtual disk
 * manager, thin unless the pool's {@code provisioning} setting says {@code thick}. A pool's uri is
 * the datastore's own ({@code ds:///vmfs/volumes/<uuid or name>/}).
 */
public final class EsxiDatastoreDriver implements StorageDriver {

    /** The pool type. */
    public static final String TYPE = "datastore";
    /** The folder of each datastore that holds OVM's volumes. */
    static final String FOLDER = "ovm";

    private final EsxiCalls calls;

    public EsxiDatastoreDriver(EsxiHypervisorDriver hypervisor) {
        this.calls = new EsxiCalls(hypervisor.sessions());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return EnumSet.noneOf(StorageCapability.class);
    }

    @Override
    public List<String> volumeFormats() {
        return List.of("vmdk");
    }

    @Override
    public CompletionStage<PoolCapacity> attachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return calls.call(ctx, host, "attaching datastore " + pool.uri(), s -> {
            Datastore ds = datastore(s, pool);
            try {
                s.si.getFileManager().makeDirectory("[" + ds.getName() + "] " + FOLDER, s.datacenter, true);
            } catch (com.vmware.vim25.FileAlreadyExists e) {
                // attached before
            }
            return capacity(ds);
        });
    }

    @Override
    public CompletionStage<Void> detachPool(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return CompletableFuture.completedFuture(null); // the datastore stays the host's; nothing to undo
    }

    @Override
    public CompletionStage<PoolCapacity> capacity(OperationContext ctx, PoolSpec pool, HostEndpoint host) {
        return calls.call(ctx, host, "reading datastore " + pool.uri(), s -> capacity(datastore(s, pool)));
    }

    private static PoolCapacity capacity(Datastore ds) {
        return new PoolCapacity(ds.getSummary().getCapacity(), ds.getSummary().getFreeSpace());
    }

    @Override
    public CompletionStage<VolumeInfo> createVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            VolumeSpec volume) {
        return calls.call(ctx, host, "creating volume " + volume.name(), s -> {
            if (!"vmdk".equals(volume.format())) {
                throw new DriverException(ErrorCode.INVALID, "datastore volumes are vmdk, not " + volume.format());
            }
            Datastore ds = datastore(s, pool);
            String path = path(ds, checkedName(volume.name()));
            if (find(ctx, s, ds, volume.name()) != null) {
                throw new DriverException(ErrorCode.CONFLICT, "volume " + volume.name() + " already exists on datastore "
                        + ds.getName());
            }
            boolean thick = "thick".equals(pool.settings().get("provisioning"));
            if (thick && volume.sizeBytes() > ds.getSummary().getFreeSpace()) {
                throw new DriverException(ErrorCode.INSUFFICIENT_CAPACITY, "datastore " + ds.getName() + " has "
                        + ds.getSummary().getFreeSpace() + " bytes free, the thick volume needs " + volume.sizeBytes());
            }
            VirtualDiskManager disks = s.si.getVirtualDiskManager();
            if (volume.backingPath() == null) {
                FileBackedVirtualDiskSpec spec = new FileBackedVirtualDiskSpec();
                spec.setDiskType(thick ? "preallocated" : "thin");
                spec.setAdapterType("lsiLogic");
                spec.setCapacityKb((volume.sizeBytes() + 1023) / 1024);
                EsxiCalls.await(ctx, disks.createVirtualDisk_Task(path, s.datacenter, spec), "creating " + path);
            } else {
                if (volume.linkedClone()) {
                    throw new DriverException(ErrorCode.UNSUPPORTED, "datastore pools make full copies of templates "
                            + "only: use cloneMode full");
                }
                VirtualDiskSpec spec = new VirtualDiskSpec();
                spec.setDiskType(thick ? "preallocated" : "thin");
                spec.setAdapterType("lsiLogic");
                EsxiCalls.await(ctx, disks.copyVirtualDisk_Task(volume.backingPath(), s.datacenter, path, s.datacenter,
                        spec, false), "copying " + volume.backingPath() + " to " + path);
            }
            return inspect(ctx, s, ds, volume.name());
        });
    }

    @Override
    public CompletionStage<VolumeInfo> inspectVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String name) {
        return calls.call(ctx, host, "reading volume " + name, s -> inspect(ctx, s, datastore(s, pool), name));
    }

    private static VolumeInfo inspect(OperationContext ctx, EsxiSessions.Session s, Datastore ds, String name)
            throws Exception {
        FileInfo file = find(ctx, s, ds, name);
        if (file == null) {
            throw new DriverException(ErrorCode.NOT_FOUND, "datastore " + ds.getName() + " has no volume " + name);
        }
        long allocated = file.getFileSize() == null ? 0 : file.getFileSize();
        if (file(name).endsWith(".iso")) {
            return new VolumeInfo(name, path(ds, name), "iso", allocated, allocated, null);
        }
        // the browser reports the capacity (ESXi does); else the descriptor says it
        long size = file instanceof VmDiskFileInfo disk && disk.getCapacityKb() != null && disk.getCapacityKb() > 0
                ? disk.getCapacityKb() * 1024 : DatastoreFiles.descriptorCapacity(s, ds.getName(), FOLDER + "/" + file(name));
        return new VolumeInfo(name, path(ds, name), "vmdk", size, allocated, null);
    }

    /** The volume's file in the datastore's OVM folder, or null. */
    private static FileInfo find(OperationContext ctx, EsxiSessions.Session s, Datastore ds, String name)
            throws Exception {
        HostDatastoreBrowserSearchSpec spec = new HostDatastoreBrowserSearchSpec();
        VmDiskFileQueryFlags diskDetails = new VmDiskFileQueryFlags();
        diskDetails.setCapacityKb(true);
        diskDetails.setDiskType(true);
        diskDetails.setThin(true);
        VmDiskFileQuery diskQuery = new VmDiskFileQuery();
        diskQuery.setDetails(diskDetails);
        spec.setQuery(new FileQuery[] {diskQuery, new FileQuery()});
        FileQueryFlags details = new FileQueryFlags();
        details.setFileSize(true);
        details.setFileType(true);
        spec.setDetails(details);
        spec.setMatchPattern(new String[] {file(name)});
        Object result;
        try {
            result = EsxiCalls.await(ctx, ds.getBrowser().searchDatastore_Task("[" + ds.getName() + "] " + FOLDER,
                    spec), "searching datastore " + ds.getName());
        } catch (DriverException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null; // no folder yet
            }
            throw e;
        }
        if (result instanceof HostDatastoreBrowserSearchResults found && found.getFile() != null) {
            for (FileInfo f : found.getFile()) {
                if (file(name).equals(f.getPath())) {
                    return f;
                }
            }
        }
        return null;
    }

    /**
     * ISO images are written into the datastore's OVM folder over the host's file service, after
     * their header is checked. Disk images are refused: ESXi runs only disks in its own VMFS
     * format, which an uploaded hosted-format vmdk is not until the host converts it.
     */
    @Override
    public CompletionStage<VolumeInfo> uploadVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host, String name,
            String format, long sizeBytes, InputStream data) {
        return calls.call(ctx, host, "uploading " + name, s -> {
            BufferedHeader header = BufferedHeader.of(data);
            if ("iso".equals(format)) {
                if (!header.isIso()) {
                    throw new DriverException(ErrorCode.INVALID, name + " is not an ISO 9660 image (" + header.describe()
                            + "): upload the .iso file itself");
                }
            } else if ("vmdk".equals(format)) {
                if (!header.isVmdk()) {
                    throw new DriverException(ErrorCode.INVALID, name + " is not a vmdk disk (" + header.describe() + ")");
                }
                throw new DriverException(ErrorCode.UNSUPPORTED, "ESXi runs disks in its own VMFS format, which an "
                        + "uploaded vmdk is not: upload it with the ESXi Host Client and convert it there (or import an "
                        + "OVA), then register it from the datastore's folder " + FOLDER);
            } else {
                throw new DriverException(ErrorCode.INVALID, "datastore pools take iso images (and vmdk disks), not "
                        + format);
            }
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.iso")) {
                throw new DriverException(ErrorCode.INVALID, "an ISO image in a datastore is named like image.iso, not "
                        + name);
            }
            Datastore ds = datastore(s, pool);
            if (find(ctx, s, ds, name) != null) {
                throw new DriverException(ErrorCode.CONFLICT, name + " already exists on datastore " + ds.getName());
            }
            try {
                DatastoreFiles.write(s, ds.getName(), FOLDER + "/" + name, sizeBytes, header.stream());
            } catch (Exception e) {
                try {
                    EsxiCalls.await(ctx, s.si.getFileManager().deleteDatastoreFile_Task(path(ds, name), s.datacenter),
                            "removing the partial upload " + name);
                } catch (Exception cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            return new VolumeInfo(name, path(ds, name), "iso", sizeBytes, sizeBytes, null);
        });
    }

    @Override
    public CompletionStage<Void> deleteVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String volumeName) {
        return calls.call(ctx, host, "deleting volume " + volumeName, s -> {
            Datastore ds = datastore(s, pool);
            if (find(ctx, s, ds, checkedName(volumeName)) == null) {
                return null;
            }
            String path = path(ds, volumeName);
            EsxiCalls.await(ctx, file(volumeName).endsWith(".iso")
                    ? s.si.getFileManager().deleteDatastoreFile_Task(path, s.datacenter)
                    : s.si.getVirtualDiskManager().deleteVirtualDisk_Task(path, s.datacenter), "deleting " + path);
            return null;
        });
    }

    @Override
    public CompletionStage<VolumeInfo> resizeVolume(OperationContext ctx, PoolSpec pool, HostEndpoint host,
            String volumeName, long newSizeBytes) {
        return calls.call(ctx, host, "growing volume " + volumeName, s -> {
            Datastore ds = datastore(s, pool);
            VolumeInfo now = inspect(ctx, s, ds, checkedName(volumeName));
            if (newSizeBytes < now.sizeBytes()) {
                throw new DriverException(ErrorCode.INVALID, "volumes grow only: " + volumeName + " has "
                        + now.sizeBytes() + " bytes");
            }
            EsxiCalls.await(ctx, s.si.getVirtualDiskManager().extendVirtualDisk_Task(path(ds, volumeName),
                    s.datacenter, (newSizeBytes + 1023) / 1024, false), "growing " + volumeName);
            return inspect(ctx, s, ds, volumeName);
        });
    }

    /** The datastore of the pool: its uri is the datastore's url, or names it by its last path segment. */
    static Datastore datastore(EsxiSessions.Session s, PoolSpec pool) throws Exception {
        String uri = trim(pool.uri());
        List<String> names = new ArrayList<>();
        for (Datastore ds : s.host.getDatastores()) {
            String url = trim(ds.getSummary().getUrl());
            names.add(ds.getName());
            if (uri.equals(url) || uri.equals(trim(uri(ds.getName())))) {
                return ds;
            }
        }
        throw new DriverException(ErrorCode.INVALID, "the host has no datastore " + pool.uri() + "; its datastores are "
                + String.join(", ", names) + " (a pool's uri is ds:///vmfs/volumes/<datastore name>/)");
    }

    /** The uri of the pool of a datastore, by its name. */
    static String uri(String datastore) {
        return "ds:///vmfs/volumes/" + java.net.URLEncoder.encode(datastore, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + "/";
    }

    private static String trim(String uri) {
        return uri == null ? "" : uri.replaceAll("/+$", "");
    }

    /** The datastore path of a volume: ESXi wants disk files to end in .vmdk. */
    private static String path(Datastore ds, String name) {
        return "[" + ds.getName() + "] " + FOLDER + "/" + file(name);
    }

    static String file(String name) {
        return name.endsWith(".vmdk") || name.endsWith(".iso") ? name : name + ".vmdk";
    }

    private static String checkedName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}")) {
            throw new DriverException(ErrorCode.INVALID, "a datastore volume's name has letters, digits, '.', '_' and "
                    + "'-', not " + name);
        }
        return name;
    }
}
