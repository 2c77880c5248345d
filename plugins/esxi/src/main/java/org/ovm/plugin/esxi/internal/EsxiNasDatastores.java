package org.ovm.plugin.esxi.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.DiskSpec;
import org.ovm.spi.hypervisor.NfsShare;
import org.ovm.spi.hypervisor.VmSpec;

import com.vmware.vim25.DatastoreInfo;
import com.vmware.vim25.HostNasVolume;
import com.vmware.vim25.HostNasVolumeSpec;
import com.vmware.vim25.NasDatastoreInfo;
import com.vmware.vim25.mo.Datastore;
import com.vmware.vim25.mo.HostDatastoreSystem;
import com.vmware.vim25.mo.VirtualMachine;

/**
 * NFS pools on ESXi hosts: the pool's directory mounted as a NAS datastore (NFS 3, read-write) named
 * {@code ovm-<pool>}, and the pool's {@code nfs://server/path/<volume>} disk paths mapped onto it as
 * {@code [datastore] <volume>}. An existing NAS datastore of the same server and directory is used as it is (and
 * left mounted on detach); only a datastore of OVM's name for the pool is removed.
 */
final class EsxiNasDatastores {

    /** The name prefix of the NAS datastores OVM mounts; host storage discovery skips them. */
    static final String PREFIX = "ovm-";
    /** ESXi's limit on datastore names. */
    static final int MAX_NAME = 42;

    /** One NAS datastore of a host: its name and what it mounts. */
    record Nas(String name, String remoteHost, String remotePath) {

        /** Whether this datastore mounts exactly that server's directory. */
        boolean mounts(String server, String path) {
            return remoteHost != null && remoteHost.equalsIgnoreCase(server) && trim(remotePath).equals(trim(path));
        }
    }

    private final EsxiCalls calls;

    EsxiNasDatastores(EsxiCalls calls) {
        this.calls = calls;
    }

    /** {@code ovm-<pool name>}, with characters a datastore name cannot have replaced, at most 42 characters. */
    static String datastoreName(String poolName) {
        String name = PREFIX + poolName.replaceAll("[^A-Za-z0-9._-]", "-");
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }

    /** Whether host storage discovery should leave a datastore out: a NAS datastore OVM mounted for a pool. */
    static boolean mountedByOvm(Datastore d) {
        return d.getName() != null && d.getName().startsWith(PREFIX) && nas(d) != null;
    }

    CompletionStage<String> mount(OperationContext ctx, HostEndpoint host, NfsShare share) {
        String name = datastoreName(share.poolName());
        String what = "mounting " + share.url() + " as NAS datastore " + name;
        return calls.call(ctx, host, what, s -> {
            List<Nas> mounts = list(s.host.getDatastores());
            for (Nas nas : mounts) {
                if (nas.mounts(share.server(), share.path())) {
                    return nas.name(); // mounted already (by us before, or by the host's administrator)
                }
            }
            for (Datastore d : s.host.getDatastores()) {
                if (name.equals(d.getName())) {
                    throw new DriverException(ErrorCode.CONFLICT, "the host has a datastore named " + name
                            + " already, not mounting " + share.url() + ": rename or remove that datastore, or give "
                            + "the pool another name");
                }
            }
            HostNasVolumeSpec spec = new HostNasVolumeSpec();
            spec.setRemoteHost(share.server());
            spec.setRemotePath(share.path());
            spec.setLocalPath(name);
            spec.setAccessMode("readWrite");
            spec.setType("NFS");
            HostDatastoreSystem system = s.host.getHostDatastoreSystem();
            try {
                return system.createNasDatastore(spec).getName();
            } catch (Exception e) {
                DriverException failure = EsxiErrors.translate("the ESXi host could not mount " + share.url()
                        + " as NAS datastore " + name, e);
                if (failure.code() == ErrorCode.UNAUTHORIZED || failure.code() == ErrorCode.CONFLICT) {
                    throw failure;
                }
                throw new DriverException(failure.code() == ErrorCode.UNREACHABLE ? ErrorCode.UNREACHABLE
                        : ErrorCode.BACKEND_FAILURE, failure.getMessage() + ". Check that the NFS server " + share.server()
                        + " exports " + share.path() + " to this host over NFS 3 with root access (no_root_squash), "
                        + "and that the host's VMkernel network reaches it", failure.retryable(), null);
            }
        });
    }

    CompletionStage<Void> unmount(OperationContext ctx, HostEndpoint host, NfsShare share) {
        String name = datastoreName(share.poolName());
        return calls.call(ctx, host, "removing NAS datastore " + name, s -> {
            for (Datastore d : s.host.getDatastores()) {
                Nas nas = nas(d);
                if (nas == null || !name.equals(d.getName()) || !nas.mounts(share.server(), share.path())) {
                    continue; // not ours: a datastore the administrator mounted stays
                }
                VirtualMachine[] vms = d.getVms();
                if (vms != null && vms.length > 0) {
                    List<String> names = new ArrayList<>();
                    for (VirtualMachine vm : vms) {
                        names.add(vm.getName());
                    }
                    throw new DriverException(ErrorCode.CONFLICT, "datastore " + name + " still holds files of VMs "
                            + String.join(", ", names.subList(0, Math.min(5, names.size())))
                            + ": delete or move them first");
                }
                s.host.getHostDatastoreSystem().removeDatastore(d);
            }
            return null;
        });
    }

    /** The NAS datastores among {@code datastores}. */
    static List<Nas> list(Datastore[] datastores) {
        List<Nas> out = new ArrayList<>();
        for (Datastore d : datastores == null ? new Datastore[0] : datastores) {
            Nas nas = nas(d);
            if (nas != null) {
                out.add(nas);
            }
        }
        return out;
    }

    private static Nas nas(Datastore d) {
        DatastoreInfo info = d.getInfo();
        if (!(info instanceof NasDatastoreInfo nasInfo) || nasInfo.getNas() == null) {
            return null;
        }
        HostNasVolume volume = nasInfo.getNas();
        return new Nas(d.getName(), volume.getRemoteHost(), volume.getRemotePath());
    }

    /**
     * The spec with every {@code nfs://} disk path turned into the datastore path of the NAS datastore that
     * mounts it; the spec itself when it has none. {@code INVALID} for a path no datastore of the host mounts.
     */
    static VmSpec mapDisks(VmSpec spec, List<Nas> mounts) {
        if (spec.disks().stream().noneMatch(d -> isNfs(d.volumePath()))) {
            return spec;
        }
        List<DiskSpec> disks = spec.disks().stream().map(d -> isNfs(d.volumePath())
                ? new DiskSpec(datastorePath(mounts, d.volumePath()), d.format(), d.bus(), d.readOnly(), d.device())
                : d).toList();
        return new VmSpec(spec.name(), spec.cpus(), spec.memoryMiB(), disks, spec.nics(), spec.properties());
    }

    static boolean isNfs(String path) {
        return path != null && path.toLowerCase(Locale.ROOT).startsWith("nfs://");
    }

    /**
     * {@code nfs://server/export/dir/v.vmdk} as {@code [name] v.vmdk} on the NAS datastore whose remote host is the
     * server and whose remote path is the longest prefix of the URL's path.
     */
    static String datastorePath(List<Nas> mounts, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new DriverException(ErrorCode.INVALID, "not an nfs:// volume path: " + url);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        Nas best = null;
        for (Nas nas : mounts) {
            String prefix = trim(nas.remotePath());
            if (nas.remoteHost() != null && nas.remoteHost().equalsIgnoreCase(uri.getHost())
                    && path.startsWith(prefix + "/") && (best == null || prefix.length() > trim(best.remotePath())
                            .length())) {
                best = nas;
            }
        }
        if (best == null) {
            throw new DriverException(ErrorCode.INVALID, "the host has no NAS datastore of the NFS export holding "
                    + url + ": attach the volume's storage pool to this host (it mounts the export as datastore "
                    + PREFIX + "<pool>); if the pool is attached, the host lost that datastore: detach the pool from "
                    + "the host and attach it again");
        }
        return "[" + best.name() + "] " + path.substring(trim(best.remotePath()).length() + 1);
    }

    private static String trim(String path) {
        String p = path == null ? "" : path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
