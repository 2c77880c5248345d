// esxi-sim serves one simulated standalone ESXi host over HTTPS/SOAP, for the
// OVM tests. It is test tooling, built from Debian's govmomi library
// (golang-github-vmware-govmomi-dev) by `./ovm backends up esxi`.
//
// The inventory is govmomi's ESX model ("VMware ESXi 6.5.0"): one host, two
// powered-on VMs, the datastore LocalDS_0 and the network "VM Network". The
// simulator's SOAP responses are served unfiltered, exactly as the library
// produces them: clients must cope with elements they do not know, as they
// must with real ESXi 7 and 8 hosts.
//
// The simulator keeps its inventory in memory: every start begins with the
// same fresh model. LocalDS_0 is backed by the directory -datastore, emptied
// at every start. Unlike the library's default (a new random temporary
// directory per start), a fixed directory keeps the datastore's identity (its
// moref and url are derived from the path) the same across restarts, as a
// real host's is.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:18443", "address (host:port) to serve https on")
	certFile := flag.String("cert", "", "PEM certificate to serve (required)")
	keyFile := flag.String("key", "", "PEM private key of -cert (required)")
	user := flag.String("user", "root", "user name accepted by SessionManager.Login")
	password := flag.String("password", "", "password accepted by SessionManager.Login")
	passwordFile := flag.String("password-file", "", "file holding the password (first line); keeps it off the command line")
	dsDir := flag.String("datastore", "", "directory backing the datastore LocalDS_0, emptied at start (required)")
	pidFile := flag.String("pidfile", "", "file to write this process's id to once listening")
	keep := flag.Bool("keep-datastore", false, "keep the datastore's files across restarts (as a real host does), "+
		"except the model's own VMs' folders")
	delays := flag.String("method-delay", "", "delay SOAP methods, as Method=milliseconds[,Method=milliseconds] "+
		"(CreateVM_Task=3000): a window to stop the host in the middle of a call")
	flag.Parse()
	log.SetFlags(log.LstdFlags)
	log.SetPrefix("esxi-sim: ")

	methodDelays, err := parseDelays(*delays)
	if err != nil {
		log.Fatal(err)
	}
	if err := run(*listen, *certFile, *keyFile, *user, *password, *passwordFile, *dsDir, *pidFile, *keep,
		methodDelays); err != nil {
		log.Fatal(err)
	}
}

// parseDelays reads Method=milliseconds[,Method=milliseconds].
func parseDelays(text string) (map[string]int, error) {
	delays := map[string]int{}
	for _, item := range strings.Split(text, ",") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		kv := strings.SplitN(item, "=", 2)
		ms, err := strconv.Atoi(strings.TrimSpace(kv[len(kv)-1]))
		if len(kv) != 2 || err != nil || ms < 0 {
			return nil, fmt.Errorf("-method-delay: %q is not Method=milliseconds", item)
		}
		delays[strings.TrimSpace(kv[0])] = ms
	}
	return delays, nil
}

func run(listen, certFile, keyFile, user, password, passwordFile, dsDir, pidFile string, keep bool,
	delays map[string]int) error {
	if passwordFile != "" {
		data, err := os.ReadFile(passwordFile)
		if err != nil {
			return err
		}
		password = strings.TrimRight(strings.SplitN(string(data), "\n", 2)[0], "\r")
	}
	if user == "" || password == "" {
		return errors.New("a user and a password are required (-user, -password or -password-file)")
	}
	if certFile == "" || keyFile == "" {
		return errors.New("-cert and -key are required")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return fmt.Errorf("loading the TLS certificate: %w", err)
	}

	if dsDir == "" {
		return errors.New("-datastore is required")
	}
	dsDir, err = filepath.Abs(dsDir)
	if err != nil {
		return err
	}
	if err := resetDatastoreDir(dsDir, keep); err != nil {
		return err
	}

	// Fail with a clear message (not the simulator's panic) if the port is taken.
	probe, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	probe.Close()

	// govmomi's ESX model, with the datastore and the VMs added by us (the
	// same ones the model would create, but on our directory).
	model := simulator.ESX()
	model.Datastore = 0
	model.Machine = 0
	if err := model.Create(); err != nil {
		return fmt.Errorf("creating the ESX model: %w", err)
	}
	defer model.Remove()
	if err := addInventory(model, dsDir); err != nil {
		return fmt.Errorf("creating the ESX model's datastore and VMs: %w", err)
	}
	installDiskManager("LocalDS_0", dsDir)
	installNasDatastores(esx.HostSystem.Reference())
	model.DelayConfig.MethodDelay = delays

	// Listen.User makes SessionManager.Login accept exactly these credentials
	// (without it, the simulator accepts any non-empty user and password).
	model.Service.Listen = &url.URL{Host: listen, User: url.UserPassword(user, password)}
	model.Service.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	server := model.Service.NewServer()
	defer server.Close()

	if pidFile != "" {
		if err := os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
			return err
		}
		defer os.Remove(pidFile)
	}
	sdk := url.URL{Scheme: server.URL.Scheme, Host: server.URL.Host, Path: server.URL.Path}
	fmt.Printf("listening %s\n", sdk.String())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	log.Printf("stopping on %v", <-stop)
	return nil
}

// markerFile marks a directory as ours: resetDatastoreDir only empties a
// directory that is empty or has this file, never anything else by mistake.
const markerFile = ".esxi-sim-datastore"

// resetDatastoreDir makes dir an empty datastore directory (with our marker):
// the VMs of the previous run are gone from the simulator's memory, and their
// leftover files would make the new VMs' creation fail. With keep, only the
// folders of the model's own VMs (ha-host_VM*) are emptied: the rest stays, as
// on a host that restarts.
func resetDatastoreDir(dir string, keep bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	if len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, markerFile)); err != nil {
			return fmt.Errorf("%s is not empty and not an esxi-sim datastore (no %s): refusing to empty it", dir, markerFile)
		}
		for _, e := range entries {
			if keep && !strings.HasPrefix(e.Name(), "ha-host_VM") {
				continue
			}
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, markerFile), nil, 0o600)
}

// addInventory adds to the ESX model what simulator.ESX() would with its
// defaults (Datastore: 1, Machine: 2; see Model.Create in the library), with
// LocalDS_0 on dsDir: the datastore, then two powered-on VMs, each with a
// SCSI controller, a 1 MB disk on LocalDS_0, a CD-ROM and a NIC on "VM Network".
func addInventory(model *simulator.Model, dsDir string) error {
	ctx := context.Background()
	// Calls through model.Service itself run with the simulator's internal session.
	client, err := vim25.NewClient(ctx, model.Service)
	if err != nil {
		return err
	}
	host := object.NewHostSystem(client, esx.HostSystem.Reference())
	dss, err := host.ConfigManager().DatastoreSystem(ctx)
	if err != nil {
		return err
	}
	if _, err := dss.CreateLocalDatastore(ctx, "LocalDS_0", dsDir); err != nil {
		return err
	}

	folders, err := object.NewDatacenter(client, esx.Datacenter.Reference()).Folders(ctx)
	if err != nil {
		return err
	}
	pool, err := host.ResourcePool(ctx)
	if err != nil {
		return err
	}
	for i := 0; i < 2; i++ {
		name := fmt.Sprintf("ha-host_VM%d", i)
		var devices object.VirtualDeviceList
		scsi, _ := devices.CreateSCSIController("pvscsi")
		ide, _ := devices.CreateIDEController()
		cdrom, _ := devices.CreateCdrom(ide.(*types.VirtualIDEController))
		disk := devices.CreateDisk(scsi.(types.BaseVirtualController), types.ManagedObjectReference{},
			"[LocalDS_0] "+path.Join(name, "disk1.vmdk"))
		disk.CapacityInKB = 1024
		nic := esx.EthernetCard
		devices = append(devices, scsi, cdrom, disk, &nic)
		deviceChange, err := devices.ConfigSpec(types.VirtualDeviceConfigSpecOperationAdd)
		if err != nil {
			return err
		}
		spec := types.VirtualMachineConfigSpec{
			Name:         name,
			GuestId:      string(types.VirtualMachineGuestOsIdentifierOtherGuest),
			Files:        &types.VirtualMachineFileInfo{VmPathName: "[LocalDS_0]"},
			DeviceChange: deviceChange,
		}
		task, err := folders.VmFolder.CreateVM(ctx, spec, pool, host)
		if err != nil {
			return err
		}
		info, err := task.WaitForResult(ctx, nil)
		if err != nil {
			return err
		}
		vm := object.NewVirtualMachine(client, info.Result.(types.ManagedObjectReference))
		task, err = vm.PowerOn(ctx)
		if err != nil {
			return err
		}
		if err := task.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}
