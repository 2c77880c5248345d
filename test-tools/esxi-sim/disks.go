package main

// Virtual disks as ESXi keeps them. The library's VirtualDiskManager makes
// two empty files per disk and forgets the capacity, and has no
// ExtendVirtualDisk. A real host writes a text descriptor ("RW <sectors> VMFS
// "<name>-flat.vmdk"") next to the data file, whose size is the disk's
// capacity (sparse when thin): clients read the capacity back from the
// descriptor or from the datastore browser. diskManager does the same for
// CreateVirtualDisk, CopyVirtualDisk and ExtendVirtualDisk on LocalDS_0, and
// leaves the rest (delete, move, uuids) to the library.

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

const sectorSize = 512

type diskManager struct {
	*simulator.VirtualDiskManager
	dsName string
	dsDir  string
}

var datastorePath = regexp.MustCompile(`^\[([^\]]+)\]\s*(.+)$`)
var extentLine = regexp.MustCompile(`^RW (\d+) (\S+) "([^"]+)"`)

// installDiskManager replaces the library's VirtualDiskManager singleton.
func installDiskManager(dsName, dsDir string) {
	current := simulator.Map.VirtualDiskManager().(*simulator.VirtualDiskManager)
	simulator.Map.Put(&diskManager{VirtualDiskManager: current, dsName: dsName, dsDir: dsDir})
}

// file is the local path of a datastore path on our datastore.
func (m *diskManager) file(name string) (string, types.BaseMethodFault) {
	p := datastorePath.FindStringSubmatch(name)
	if p == nil {
		return "", &types.InvalidDatastorePath{DatastorePath: name}
	}
	if p[1] != m.dsName {
		return "", &types.InvalidDatastore{Name: p[1]}
	}
	rel := filepath.Clean("/" + p[2])
	if !strings.HasSuffix(rel, ".vmdk") || strings.HasSuffix(rel, "-flat.vmdk") {
		return "", &types.InvalidArgument{InvalidProperty: "name"}
	}
	return filepath.Join(m.dsDir, rel), nil
}

func flatName(descriptor string) string {
	return strings.TrimSuffix(descriptor, ".vmdk") + "-flat.vmdk"
}

func writeDescriptor(file string, sectors int64, adapter, diskType string) error {
	thin := "0"
	if diskType == "thin" || diskType == "" {
		thin = "1"
	}
	if adapter == "" {
		adapter = "lsiLogic"
	}
	text := fmt.Sprintf("# Disk DescriptorFile\nversion=1\nencoding=\"UTF-8\"\nCID=fffffffe\nparentCID=ffffffff\n"+
		"createType=\"vmfs\"\n\n# Extent description\nRW %d VMFS \"%s\"\n\n# The Disk Data Base\n#DDB\n\n"+
		"ddb.adapterType = \"%s\"\nddb.thinProvisioned = \"%s\"\nddb.virtualHWVersion = \"13\"\n",
		sectors, filepath.Base(flatName(file)), strings.ToLower(adapter), thin)
	return os.WriteFile(file, []byte(text), 0o600)
}

// sectors reads the capacity a descriptor declares.
func sectors(file string) (int64, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if m := extentLine.FindStringSubmatch(scanner.Text()); m != nil {
			return strconv.ParseInt(m[1], 10, 64)
		}
	}
	return 0, fmt.Errorf("%s has no extent line", file)
}

func fileFault(err error) types.BaseMethodFault {
	switch {
	case os.IsNotExist(err):
		return &types.FileNotFound{}
	case os.IsExist(err):
		return &types.FileAlreadyExists{}
	default:
		return &types.CannotCreateFile{FileFault: types.FileFault{File: err.Error()}}
	}
}

func (m *diskManager) create(file string, capacityKb int64, adapter, diskType string) types.BaseMethodFault {
	if _, err := os.Stat(file); err == nil {
		return &types.FileAlreadyExists{FileFault: types.FileFault{File: file}}
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return fileFault(err)
	}
	flat, err := os.OpenFile(flatName(file), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fileFault(err)
	}
	defer flat.Close()
	if err := flat.Truncate(capacityKb * 1024); err != nil {
		return fileFault(err)
	}
	if err := writeDescriptor(file, capacityKb*1024/sectorSize, adapter, diskType); err != nil {
		return fileFault(err)
	}
	return nil
}

func (m *diskManager) CreateVirtualDiskTask(_ *simulator.Context, req *types.CreateVirtualDisk_Task) soap.HasFault {
	task := simulator.CreateTask(m, "createVirtualDisk", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		file, fault := m.file(req.Name)
		if fault != nil {
			return nil, fault
		}
		spec, ok := req.Spec.(*types.FileBackedVirtualDiskSpec)
		if !ok || spec.CapacityKb <= 0 {
			return nil, &types.InvalidArgument{InvalidProperty: "spec.capacityKb"}
		}
		if fault := m.create(file, spec.CapacityKb, spec.AdapterType, spec.DiskType); fault != nil {
			return nil, fault
		}
		return req.Name, nil
	})
	return &methods.CreateVirtualDisk_TaskBody{Res: &types.CreateVirtualDisk_TaskResponse{Returnval: task.Run()}}
}

func (m *diskManager) CopyVirtualDiskTask(_ *simulator.Context, req *types.CopyVirtualDisk_Task) soap.HasFault {
	task := simulator.CreateTask(m, "copyVirtualDisk", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		src, fault := m.file(req.SourceName)
		if fault != nil {
			return nil, fault
		}
		dst, fault := m.file(req.DestName)
		if fault != nil {
			return nil, fault
		}
		n, err := sectors(src)
		if err != nil {
			return nil, fileFault(err)
		}
		adapter, diskType := "lsiLogic", "thin"
		if spec, ok := req.DestSpec.(*types.VirtualDiskSpec); ok && spec != nil {
			adapter, diskType = spec.AdapterType, spec.DiskType
		}
		if fault := m.create(dst, n*sectorSize/1024, adapter, diskType); fault != nil {
			return nil, fault
		}
		if err := copySparse(flatName(src), flatName(dst)); err != nil {
			os.Remove(dst)
			os.Remove(flatName(dst))
			return nil, fileFault(err)
		}
		return nil, nil
	})
	return &methods.CopyVirtualDisk_TaskBody{Res: &types.CopyVirtualDisk_TaskResponse{Returnval: task.Run()}}
}

func (m *diskManager) ExtendVirtualDiskTask(_ *simulator.Context, req *types.ExtendVirtualDisk_Task) soap.HasFault {
	task := simulator.CreateTask(m, "extendVirtualDisk", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		file, fault := m.file(req.Name)
		if fault != nil {
			return nil, fault
		}
		n, err := sectors(file)
		if err != nil {
			return nil, fileFault(err)
		}
		if req.NewCapacityKb*1024/sectorSize < n {
			return nil, &types.InvalidArgument{InvalidProperty: "newCapacityKb"}
		}
		if err := os.Truncate(flatName(file), req.NewCapacityKb*1024); err != nil {
			return nil, fileFault(err)
		}
		if err := writeDescriptor(file, req.NewCapacityKb*1024/sectorSize, "lsiLogic", "thin"); err != nil {
			return nil, fileFault(err)
		}
		return nil, nil
	})
	return &methods.ExtendVirtualDisk_TaskBody{Res: &types.ExtendVirtualDisk_TaskResponse{Returnval: task.Run()}}
}

// copySparse copies src over dst (already of the right size), skipping
// blocks of zeros so that thin disks stay thin.
func copySparse(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer out.Close()
	buf := make([]byte, 1<<20)
	var offset int64
	for {
		n, err := in.Read(buf)
		if n > 0 && !zero(buf[:n]) {
			if _, werr := out.WriteAt(buf[:n], offset); werr != nil {
				return werr
			}
		}
		offset += int64(n)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func zero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
