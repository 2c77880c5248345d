// esxi-check reads an ESXi host's state with govmomi, independently of the
// yavijava client OVM's plugin uses, so that the OVM tests can check that
// what the API reports is what the host has. Test tooling, built with
// esxi-sim by `./ovm backends up esxi`.
//
//	esxi-check -url URL -user USER -password-env VAR -ca cert.pem vm NAME
//	esxi-check ... vms
//	esxi-check ... file "[LocalDS_0] ovm/disk.vmdk"
//	esxi-check ... portgroups
//	esxi-check ... host
//	esxi-check ... datastores   (each datastore's type, url and, for NAS ones, remote host and path)
//	esxi-check ... create NAME    (1 vCPU, 64 MiB, no disk; powered on; prints the milliseconds it took)
//	esxi-check ... destroy NAME   (powers off and destroys it)
//	esxi-check ... mkdisk "[LocalDS_0] ovm/t.vmdk" GIB   (a thin disk, as an operator would put a template there)
//
// Each prints one JSON document; "vm" prints {"exists": false} for an
// unknown VM. The exit status is 1 when the host cannot be read.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/session"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

type vmState struct {
	Exists     bool     `json:"exists"`
	Name       string   `json:"name,omitempty"`
	ID         string   `json:"id,omitempty"`
	PowerState string   `json:"powerState,omitempty"`
	NumCPU     int32    `json:"numCPU,omitempty"`
	MemoryMB   int32    `json:"memoryMB,omitempty"`
	GuestID    string   `json:"guestId,omitempty"`
	Disks      []string `json:"disks,omitempty"`
	Nics       []string `json:"nics,omitempty"`
	Snapshots  []string `json:"snapshots,omitempty"`
	Current    string   `json:"currentSnapshot,omitempty"`
}

func main() {
	rawURL := flag.String("url", os.Getenv("ESXI_URL"), "the host's SDK URL")
	user := flag.String("user", os.Getenv("ESXI_USER"), "user name")
	passwordEnv := flag.String("password-env", "ESXI_PASSWORD", "environment variable holding the password")
	ca := flag.String("ca", os.Getenv("ESXI_CA"), "PEM certificate to trust (the host's own)")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := run(ctx, *rawURL, *user, os.Getenv(*passwordEnv), *ca, flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "esxi-check:", err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}

func run(ctx context.Context, rawURL, user, password, ca string, args []string) (interface{}, error) {
	if len(args) == 0 {
		return nil, errors.New("a command is required: vm NAME, vms, file PATH or portgroups")
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	sc := soap.NewClient(u, false)
	if ca != "" {
		if err := sc.SetRootCAs(ca); err != nil {
			return nil, err
		}
	}
	client, err := govmomiClient(ctx, sc)
	if err != nil {
		return nil, err
	}
	if err := client.Login(ctx, url.UserPassword(user, password)); err != nil {
		return nil, err
	}
	defer client.Logout(context.Background())
	finder := find.NewFinder(client.Client, false)
	dc, err := finder.DefaultDatacenter(ctx)
	if err != nil {
		return nil, err
	}
	finder.SetDatacenter(dc)
	switch args[0] {
	case "vm":
		if len(args) != 2 {
			return nil, errors.New("vm NAME")
		}
		return vm(ctx, client, finder, args[1])
	case "vms":
		return vms(ctx, client, finder)
	case "file":
		if len(args) != 2 {
			return nil, errors.New("file PATH")
		}
		return file(ctx, finder, args[1])
	case "portgroups":
		return portgroups(ctx, client, finder)
	case "host":
		return hostFacts(ctx, client, finder)
	case "datastores":
		return datastores(ctx, finder)
	case "create":
		if len(args) != 2 {
			return nil, errors.New("create NAME")
		}
		return create(ctx, client, finder, args[1])
	case "mkdisk":
		if len(args) != 3 {
			return nil, errors.New("mkdisk PATH GIB")
		}
		return mkdisk(ctx, client, finder, args[1], args[2])
	case "destroy":
		if len(args) != 2 {
			return nil, errors.New("destroy NAME")
		}
		return destroy(ctx, finder, args[1])
	}
	return nil, fmt.Errorf("unknown command %s", args[0])
}

func govmomiClient(ctx context.Context, sc *soap.Client) (*govmomi.Client, error) {
	vc, err := vim25.NewClient(ctx, sc)
	if err != nil {
		return nil, err
	}
	return &govmomi.Client{Client: vc, SessionManager: session.NewManager(vc)}, nil
}

func vm(ctx context.Context, c *govmomi.Client, finder *find.Finder, name string) (interface{}, error) {
	found, err := finder.VirtualMachine(ctx, name)
	if err != nil {
		var nf *find.NotFoundError
		if errors.As(err, &nf) {
			return vmState{Exists: false}, nil
		}
		return nil, err
	}
	var m mo.VirtualMachine
	if err := found.Properties(ctx, found.Reference(), []string{"name", "runtime", "config", "snapshot"}, &m); err != nil {
		return nil, err
	}
	s := vmState{Exists: true, Name: m.Name, ID: found.Reference().Value, PowerState: string(m.Runtime.PowerState)}
	if m.Config != nil {
		s.NumCPU = m.Config.Hardware.NumCPU
		s.MemoryMB = m.Config.Hardware.MemoryMB
		s.GuestID = m.Config.GuestId
		for _, d := range m.Config.Hardware.Device {
			switch dev := d.(type) {
			case *types.VirtualDisk:
				if b, ok := dev.Backing.(types.BaseVirtualDeviceFileBackingInfo); ok {
					s.Disks = append(s.Disks, b.GetVirtualDeviceFileBackingInfo().FileName)
				}
			case types.BaseVirtualEthernetCard:
				card := dev.GetVirtualEthernetCard()
				network := ""
				if b, ok := card.Backing.(*types.VirtualEthernetCardNetworkBackingInfo); ok {
					network = b.DeviceName
				}
				s.Nics = append(s.Nics, card.MacAddress+"@"+network)
			}
		}
	}
	if m.Snapshot != nil {
		var walk func([]types.VirtualMachineSnapshotTree)
		walk = func(trees []types.VirtualMachineSnapshotTree) {
			for _, t := range trees {
				s.Snapshots = append(s.Snapshots, t.Name)
				if m.Snapshot.CurrentSnapshot != nil && t.Snapshot == *m.Snapshot.CurrentSnapshot {
					s.Current = t.Name
				}
				walk(t.ChildSnapshotList)
			}
		}
		walk(m.Snapshot.RootSnapshotList)
	}
	return s, nil
}

func vms(ctx context.Context, c *govmomi.Client, finder *find.Finder) (interface{}, error) {
	list, err := finder.VirtualMachineList(ctx, "*")
	if err != nil {
		var nf *find.NotFoundError
		if errors.As(err, &nf) {
			return map[string]string{}, nil
		}
		return nil, err
	}
	out := map[string]string{}
	for _, v := range list {
		state, err := v.PowerState(ctx)
		if err != nil {
			return nil, err
		}
		out[v.Name()] = string(state)
	}
	return out, nil
}

func file(ctx context.Context, finder *find.Finder, path string) (interface{}, error) {
	var p object.DatastorePath
	if !p.FromString(path) {
		return nil, fmt.Errorf("not a datastore path: %s", path)
	}
	ds, err := finder.Datastore(ctx, p.Datastore)
	if err != nil {
		return nil, err
	}
	info, err := ds.Stat(ctx, p.Path)
	if err != nil {
		if strings.Contains(err.Error(), "FileNotFound") || errors.As(err, new(object.DatastoreNoSuchFileError)) {
			return map[string]interface{}{"exists": false}, nil
		}
		return nil, err
	}
	return map[string]interface{}{"exists": true, "size": info.GetFileInfo().FileSize}, nil
}

func portgroups(ctx context.Context, c *govmomi.Client, finder *find.Finder) (interface{}, error) {
	host, err := finder.DefaultHostSystem(ctx)
	if err != nil {
		return nil, err
	}
	ns, err := host.ConfigManager().NetworkSystem(ctx)
	if err != nil {
		return nil, err
	}
	var m mo.HostNetworkSystem
	if err := ns.Properties(ctx, ns.Reference(), []string{"networkInfo"}, &m); err != nil {
		return nil, err
	}
	out := map[string]int32{}
	for _, pg := range m.NetworkInfo.Portgroup {
		out[pg.Spec.Name] = pg.Spec.VlanId
	}
	return out, nil
}

func hostFacts(ctx context.Context, c *govmomi.Client, finder *find.Finder) (interface{}, error) {
	host, err := finder.DefaultHostSystem(ctx)
	if err != nil {
		return nil, err
	}
	var h mo.HostSystem
	if err := host.Properties(ctx, host.Reference(), []string{"summary", "datastore"}, &h); err != nil {
		return nil, err
	}
	datastores := map[string]map[string]int64{}
	for _, ref := range h.Datastore {
		var ds mo.Datastore
		if err := host.Properties(ctx, ref, []string{"summary"}, &ds); err != nil {
			continue // the model lists a datastore that is not in its inventory
		}
		datastores[ds.Summary.Name] = map[string]int64{"capacity": ds.Summary.Capacity, "free": ds.Summary.FreeSpace}
	}
	about := c.ServiceContent.About
	hw := h.Summary.Hardware
	return map[string]interface{}{"product": about.FullName, "version": about.Version, "cpuModel": hw.CpuModel,
		"cpuThreads": hw.NumCpuThreads, "memoryBytes": hw.MemorySize, "datastores": datastores}, nil
}

// datastores lists the default host's datastores by name: type, url, whether
// accessible, and for NAS datastores the remote host and path they mount.
func datastores(ctx context.Context, finder *find.Finder) (interface{}, error) {
	host, err := finder.DefaultHostSystem(ctx)
	if err != nil {
		return nil, err
	}
	var h mo.HostSystem
	if err := host.Properties(ctx, host.Reference(), []string{"datastore"}, &h); err != nil {
		return nil, err
	}
	out := map[string]map[string]interface{}{}
	for _, ref := range h.Datastore {
		var ds mo.Datastore
		if err := host.Properties(ctx, ref, []string{"summary", "info"}, &ds); err != nil {
			continue // the model lists a datastore that is not in its inventory
		}
		entry := map[string]interface{}{"type": ds.Summary.Type, "url": ds.Summary.Url,
			"accessible": ds.Summary.Accessible}
		if nas, ok := ds.Info.(*types.NasDatastoreInfo); ok && nas.Nas != nil {
			entry["remoteHost"] = nas.Nas.RemoteHost
			entry["remotePath"] = nas.Nas.RemotePath
		}
		out[ds.Summary.Name] = entry
	}
	return out, nil
}

// create makes what OVM makes for a diskless 1-vCPU, 64 MiB VM and powers it on
// (CreateVM_Task, PowerOnVM_Task, each awaited): the raw side of bench/esxi-bench.sh.
// The time excludes the login and the inventory lookups.
func create(ctx context.Context, c *govmomi.Client, finder *find.Finder, name string) (interface{}, error) {
	host, err := finder.DefaultHostSystem(ctx)
	if err != nil {
		return nil, err
	}
	pool, err := host.ResourcePool(ctx)
	if err != nil {
		return nil, err
	}
	folders, err := finder.DefaultDatacenter(ctx)
	if err != nil {
		return nil, err
	}
	f, err := folders.Folders(ctx)
	if err != nil {
		return nil, err
	}
	spec := types.VirtualMachineConfigSpec{Name: name, NumCPUs: 1, MemoryMB: 64, GuestId: "otherGuest64",
		Annotation: "esxi-check bench", Files: &types.VirtualMachineFileInfo{VmPathName: "[LocalDS_0]"}}
	started := time.Now()
	task, err := f.VmFolder.CreateVM(ctx, spec, pool, host)
	if err != nil {
		return nil, err
	}
	info, err := task.WaitForResult(ctx, nil)
	if err != nil {
		return nil, err
	}
	vm := object.NewVirtualMachine(c.Client, info.Result.(types.ManagedObjectReference))
	power, err := vm.PowerOn(ctx)
	if err != nil {
		return nil, err
	}
	if err := power.Wait(ctx); err != nil {
		return nil, err
	}
	return map[string]interface{}{"id": vm.Reference().Value, "ms": float64(time.Since(started).Microseconds()) / 1000}, nil
}

func destroy(ctx context.Context, finder *find.Finder, name string) (interface{}, error) {
	vm, err := finder.VirtualMachine(ctx, name)
	if err != nil {
		return nil, err
	}
	if state, err := vm.PowerState(ctx); err == nil && state == types.VirtualMachinePowerStatePoweredOn {
		if task, err := vm.PowerOff(ctx); err == nil {
			_ = task.Wait(ctx)
		}
	}
	task, err := vm.Destroy(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]bool{"destroyed": true}, task.Wait(ctx)
}

func mkdisk(ctx context.Context, client *govmomi.Client, finder *find.Finder, path, gib string) (interface{}, error) {
	size, err := strconv.ParseInt(gib, 10, 64)
	if err != nil || size < 1 {
		return nil, fmt.Errorf("GIB must be a positive number, not %s", gib)
	}
	dc, err := finder.DefaultDatacenter(ctx)
	if err != nil {
		return nil, err
	}
	spec := &types.FileBackedVirtualDiskSpec{VirtualDiskSpec: types.VirtualDiskSpec{DiskType: "thin",
		AdapterType: "lsiLogic"}, CapacityKb: size * 1024 * 1024}
	task, err := object.NewVirtualDiskManager(client.Client).CreateVirtualDisk(ctx, path, dc, spec)
	if err != nil {
		return nil, err
	}
	return map[string]string{"created": path}, task.Wait(ctx)
}
