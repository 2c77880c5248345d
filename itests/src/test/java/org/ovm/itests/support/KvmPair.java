package org.ovm.itests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The HA tests' cluster on the two real libvirt hosts of {@code ./ovm backends}: a zone, a cluster with
 * both hosts, a local pool on host 1 holding the tiny guest's template, and the NFS pool of the cluster.
 * {@link #guestOnHost2} creates an HA tiny guest on the NFS pool and moves it to host 2.
 */
public final class KvmPair {

    public static final String SETUP = "start the real backends with './ovm backends up' and export "
            + "'./ovm backends env' (./ovm test does both)";
    static final Duration TIMEOUT = Duration.ofSeconds(240);

    public final String kvmUri = System.getenv("KVM_URI");
    public final String kvmUri2 = System.getenv("KVM_URI_2");
    /** The checkout whose {@code ./ovm backends} run ({@code -Dovm.backends.repo}, default this one). */
    public final Path backends = Paths.get(System.getProperty("ovm.backends.repo", System.getProperty("ovm.repo",
            ".."))).toAbsolutePath().normalize();
    public final String suffix = Long.toHexString(System.nanoTime()).substring(0, 6);
    public final Path poolDir = Paths.get("/var/lib/ovm-it/pools/ha-" + suffix);
    public String cluster;
    public String host1;
    public String host2;
    public String image;
    public String nfsPool;

    /** Fails with the setup command when a backend is missing. */
    public KvmPair() throws Exception {
        assertThat(kvmUri).as("KVM_URI: " + SETUP).isNotBlank();
        assertThat(kvmUri2).as("KVM_URI_2: " + SETUP).isNotBlank();
        assertThat(System.getenv("NFS_URI")).as("NFS_URI (the nfs backend): " + SETUP).isNotBlank();
        assertThat(backends.resolve("run/backends/libvirt")).as("the libvirt backend of " + backends + ": " + SETUP)
                .exists();
        if (!Files.exists(TinyGuest.DIR.resolve("initrd.img"))) {
            TinyGuest.ensureBuilt();
        }
        Files.createDirectories(poolDir);
    }

    /** Zone, cluster, both hosts, the template on a local pool of host 1, the cluster's NFS pool. */
    public void create(Api api) throws Exception {
        String zone = Api.created(api.post("/zones", Json.object("name", "ha-" + suffix)));
        cluster = Api.created(api.post("/clusters", Json.object("name", "ha-" + suffix, "zoneId", zone)));
        host1 = api.addHost(Json.object("name", "kvm1-" + suffix, "type", "kvm", "uri", kvmUri, "clusterId", cluster,
                "settings", Map.of("domainType", "qemu")));
        host2 = api.addHost(Json.object("name", "kvm2-" + suffix, "type", "kvm", "uri", kvmUri2, "clusterId", cluster,
                "settings", Map.of("domainType", "qemu")));
        String localPool = api.finished(api.post("/storage-pools", Json.object("name", "local-" + suffix, "type",
                "local", "uri", "file://" + poolDir, "hostId", host1)), TIMEOUT);
        Files.copy(TinyGuest.DIR.resolve("disk.qcow2"), poolDir.resolve("tiny.qcow2"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(poolDir.resolve("tiny.qcow2"), PosixFilePermissions.fromString("rw-r--r--"));
        image = api.finished(api.post("/images", Json.object("name", "tiny-" + suffix, "kind", "template", "format",
                "qcow2", "poolId", localPool, "volume", "tiny.qcow2", "properties", TinyGuest.templateProperties())),
                TIMEOUT);
        nfsPool = api.finished(api.post("/storage-pools", Json.object("name", "nfs-" + suffix, "type", "nfs", "uri",
                System.getenv("NFS_URI"), "clusterId", cluster)), TIMEOUT);
    }

    /** An HA tiny guest with its disk on the NFS pool, created on host 1 and moved live to host 2. */
    public String guestOnHost2(Api api, String name) throws Exception {
        String vm = api.finished(api.post("/instances", Json.object("name", name, "cpus", 1, "memoryMiB", 128,
                "hostId", host1, "imageId", image, "storagePoolId", nfsPool, "cloneMode", "full", "start", true, "ha",
                true, "haPriority", 1)), TIMEOUT);
        assertThat(api.get("/instances/" + vm).json().get("haBlocker").isNull()).isTrue();
        api.finished(api.post("/instances/" + vm + "/migrate", Json.object("hostId", host2)), TIMEOUT);
        assertThat(TinyGuest.run("virsh", "-c", kvmUri2, "domstate", name)).isEqualTo("running");
        return vm;
    }

    /** Runs {@code ./ovm backends ARGS...} of {@link #backends}. */
    public String backends(String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = backends.resolve("ovm").toString();
        command[1] = "backends";
        System.arraycopy(args, 0, command, 2, args.length);
        return TinyGuest.run(command);
    }

    /** Deletes every instance with its volumes (while the engine runs). */
    public void deleteInstances(Api api) throws Exception {
        for (JsonNode instance : api.get("/instances?limit=1000").json().get("items")) {
            Api.Reply delete = api.delete("/instances/" + instance.get("id").asText() + "?deleteVolumes=true");
            if (delete.status() == 202) {
                api.awaitTask(delete.text("id"), TIMEOUT);
            }
        }
    }

    /** Removes what a failed test may have left of the guest on both hosts, and the local pool's directory. */
    public void removeLeftovers(String name) throws Exception {
        for (String uri : new String[] {kvmUri, kvmUri2}) {
            TinyGuest.run("virsh", "-c", uri, "destroy", name);
            TinyGuest.run("virsh", "-c", uri, "undefine", name);
        }
        TinyGuest.deleteTree(poolDir);
    }
}
