package main

// NAS datastores as an ESXi host mounts them. The library's
// CreateNasDatastore backs the datastore by a local directory named after
// LocalPath (relative to the simulator's working directory), whatever server
// and path the spec names, and there is no RemoveDatastore. nasDatastoreSystem
// replaces the host's HostDatastoreSystem to model a real mount for loopback
// exports: a datastore of remoteHost 127.0.0.1 (or localhost) is backed by the
// directory remotePath of this machine, which is the directory a local NFS
// server (nfs-ganesha's VFS export) serves at that path. Files a client writes
// over NFS appear in the datastore and the other way round. A server that is
// not loopback cannot be reached (as from a host with no route to it), and a
// remotePath that is not a directory is refused as the NFS server would.
// RemoveDatastore unmounts (the files stay on the server), refused while VMs
// have files on the datastore.

import (
	"net"
	"os"
	"path"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type nasDatastoreSystem struct {
	*simulator.HostDatastoreSystem
}

// installNasDatastores replaces the HostDatastoreSystem of host.
func installNasDatastores(host types.ManagedObjectReference) {
	hs := simulator.Map.Get(host).(*simulator.HostSystem)
	current := simulator.Map.Get(*hs.ConfigManager.DatastoreSystem).(*simulator.HostDatastoreSystem)
	simulator.Map.Put(&nasDatastoreSystem{HostDatastoreSystem: current})
}

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func mountFault(spec types.HostNasVolumeSpec, why string) *soap.Fault {
	text := "NFS mount " + spec.RemoteHost + ":" + spec.RemotePath + " failed: " + why
	return simulator.Fault(text, &types.PlatformConfigFault{Text: text})
}

func (dss *nasDatastoreSystem) CreateNasDatastore(ctx *simulator.Context, c *types.CreateNasDatastore) soap.HasFault {
	r := &methods.CreateNasDatastoreBody{}
	spec := c.Spec
	name := spec.LocalPath
	if name == "" || strings.ContainsAny(name, "/\\") || len(name) > 42 {
		r.Fault_ = simulator.Fault("invalid datastore name "+name, &types.InvalidName{Name: name})
		return r
	}
	if !loopback(spec.RemoteHost) {
		r.Fault_ = mountFault(spec, "Unable to connect to NFS server.")
		return r
	}
	dir := path.Clean("/" + spec.RemotePath)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		r.Fault_ = mountFault(spec, "The mount request was denied by the NFS server. Check that the export exists "+
			"and that the client is permitted to mount it.")
		return r
	}
	for _, ref := range dss.Datastore {
		ds, ok := simulator.Map.Get(ref).(*simulator.Datastore)
		if !ok {
			continue
		}
		if ds.Name == name {
			r.Fault_ = simulator.Fault("", &types.DuplicateName{Name: name, Object: ref})
			return r
		}
		if nas, ok := ds.Info.(*types.NasDatastoreInfo); ok && nas.Nas != nil && loopback(nas.Nas.RemoteHost) &&
			path.Clean(nas.Nas.RemotePath) == dir {
			r.Fault_ = simulator.Fault("", &types.AlreadyExists{Name: ds.Name})
			return r
		}
	}

	// The library's datastore on dir, then named as asked.
	local := *c
	local.Spec.LocalPath = dir
	res := dss.HostDatastoreSystem.CreateNasDatastore(ctx, &local).(*methods.CreateNasDatastoreBody)
	if res.Fault_ != nil {
		return res
	}
	ds := simulator.Map.Get(res.Res.Returnval).(*simulator.Datastore)
	ds.Name = name
	ds.Summary.Name = name
	info := ds.Info.(*types.NasDatastoreInfo)
	info.Name = name
	info.Nas.Name = name
	info.Nas.RemoteHost = spec.RemoteHost
	info.Nas.RemotePath = spec.RemotePath
	access := spec.AccessMode
	if access == "" {
		access = string(types.HostMountModeReadWrite)
	}
	ds.Host = append(ds.Host, types.DatastoreHostMount{
		Key: dss.Host.Reference(),
		MountInfo: types.HostMountInfo{
			Path:       "/vmfs/volumes/" + name,
			AccessMode: access,
			Mounted:    types.NewBool(true),
			Accessible: types.NewBool(true),
		},
	})
	return res
}

// RemoveDatastore unmounts a datastore (the library has no such method).
// The host's and the datastore system's lists get fresh slices first: the
// library's add() shares one array between them, and its in-place removal
// would corrupt the other.
func (dss *nasDatastoreSystem) RemoveDatastore(ctx *simulator.Context, req *types.RemoveDatastore) soap.HasFault {
	r := &methods.RemoveDatastoreBody{}
	ds, ok := simulator.Map.Get(req.Datastore).(*simulator.Datastore)
	if !ok {
		r.Fault_ = simulator.Fault("", &types.ManagedObjectNotFound{Obj: req.Datastore})
		return r
	}
	if len(ds.Vm) != 0 {
		r.Fault_ = simulator.Fault("", &types.ResourceInUse{Type: "Datastore", Name: ds.Name})
		return r
	}
	var kept []types.ManagedObjectReference
	for _, ref := range dss.Datastore {
		if ref != ds.Self {
			kept = append(kept, ref)
		}
	}
	host := dss.Host
	host.Datastore = append([]types.ManagedObjectReference(nil), dss.Datastore...)
	dss.Datastore = kept
	body := ds.DestroyTask(ctx, &types.Destroy_Task{This: ds.Self}).(*methods.Destroy_TaskBody)
	if task, ok := simulator.Map.Get(body.Res.Returnval).(*simulator.Task); ok && task.Info.Error != nil {
		r.Fault_ = simulator.Fault(task.Info.Error.LocalizedMessage, task.Info.Error.Fault)
		return r
	}
	host.Datastore = append([]types.ManagedObjectReference(nil), kept...)
	r.Res = &types.RemoveDatastoreResponse{}
	return r
}
