import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * P1 and P9 of docs/benchmarks.md, in one run on one host:
 * P1: create (linked clone of the tiny template) + start of a guest through OVM's REST API vs
 * the same libvirt calls made directly with libvirt-java;
 * P9: linked vs full clone of a 2 GiB template through OVM, with qemu-img doing the same
 * directly as the baseline.
 * Run by bench/kvm-bench.sh, which starts an OVM distribution and prepares the images.
 */
public final class KvmBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String base;
    private static String auth;

    public static void main(String[] args) throws Exception {
        base = args[0];
        auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[1]).getBytes(StandardCharsets.UTF_8));
        String uri = args[2];
        Path guest = Paths.get(args[3]);
        Path poolDir = Paths.get(args[4]);
        int runs = Integer.parseInt(args[5]);
        Path bigTemplate = Paths.get(args[6]);

        for (String plugin : List.of("ovm-plugin-kvm", "ovm-plugin-local-storage")) {
            task(post("/plugins/" + plugin + "/install", null));
        }
        String host = post("/hosts", "{\"name\":\"bench\",\"type\":\"kvm\",\"uri\":\"" + uri
                + "\",\"settings\":{\"domainType\":\"qemu\"}}");
        task(host);
        String hostId = field(host, "resourceId");
        String pool = post("/storage-pools", "{\"name\":\"bench\",\"type\":\"local\",\"uri\":\"file://" + poolDir
                + "\",\"hostId\":\"" + hostId + "\"}");
        task(pool);
        String poolId = field(pool, "resourceId");
        copy(guest.resolve("disk.qcow2"), poolDir.resolve("tiny.qcow2"));
        copy(bigTemplate, poolDir.resolve("big.qcow2"));
        String kernelProps = "\"properties\":{\"kernel\":\"" + guest.resolve("vmlinuz") + "\",\"initrd\":\""
                + guest.resolve("initrd.img") + "\",\"cmdline\":\"console=ttyS0 quiet\"}";
        String tiny = post("/images", "{\"name\":\"tiny\",\"format\":\"qcow2\",\"poolId\":\"" + poolId
                + "\",\"volume\":\"tiny.qcow2\"," + kernelProps + "}");
        task(tiny);
        String big = post("/images", "{\"name\":\"big\",\"format\":\"qcow2\",\"poolId\":\"" + poolId
                + "\",\"volume\":\"big.qcow2\"}");
        task(big);

        // P1: create + start, OVM vs raw libvirt-java, interleaved
        List<Double> viaOvm = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        Connect connect = new Connect(uri, false);
        StoragePool libvirtPool = connect.storagePoolLookupByName("ovm-" + poolId);
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            String create = post("/instances", "{\"name\":\"p1-ovm-" + i + "\",\"cpus\":1,\"memoryMiB\":128,\"hostId\":\""
                    + hostId + "\",\"imageId\":\"" + field(tiny, "resourceId") + "\",\"start\":true}");
            task(create);
            viaOvm.add((System.nanoTime() - t0) / 1e6);
            task(send("DELETE", "/instances/" + field(create, "resourceId"), null));

            t0 = System.nanoTime();
            StorageVol vol = libvirtPool.storageVolCreateXML(volumeXml("p1-raw-" + i + ".qcow2",
                    poolDir.resolve("tiny.qcow2")), 0);
            Domain domain = connect.domainDefineXML(domainXml("p1-raw-" + i, vol.getPath(), guest));
            domain.create();
            raw.add((System.nanoTime() - t0) / 1e6);
            domain.destroy();
            domain.undefine();
            vol.delete(0);
        }
        report("P1 create+start of a tiny guest (linked clone)", viaOvm, raw);

        // P9: linked vs full clone of the 2 GiB template, through OVM and with qemu-img directly
        List<Double> linked = new ArrayList<>();
        List<Double> full = new ArrayList<>();
        List<Double> rawLinked = new ArrayList<>();
        List<Double> rawFull = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            for (String mode : List.of("linked", "full")) {
                long t0 = System.nanoTime();
                String create = post("/instances", "{\"name\":\"p9-" + mode + "-" + i + "\",\"cpus\":1,"
                        + "\"memoryMiB\":128,\"hostId\":\"" + hostId + "\",\"imageId\":\"" + field(big, "resourceId")
                        + "\",\"cloneMode\":\"" + mode + "\"}");
                task(create);
                ("linked".equals(mode) ? linked : full).add((System.nanoTime() - t0) / 1e6);
                task(send("DELETE", "/instances/" + field(create, "resourceId"), null));
            }
            Path target = poolDir.resolve("p9-raw.qcow2");
            long t0 = System.nanoTime();
            exec("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", poolDir.resolve("big.qcow2").toString(),
                    target.toString());
            rawLinked.add((System.nanoTime() - t0) / 1e6);
            Files.delete(target);
            t0 = System.nanoTime();
            exec("qemu-img", "convert", "-f", "qcow2", "-O", "qcow2", poolDir.resolve("big.qcow2").toString(),
                    target.toString());
            rawFull.add((System.nanoTime() - t0) / 1e6);
            Files.delete(target);
        }
        report("P9 linked clone of a 2 GiB template", linked, rawLinked);
        report("P9 full clone of a 2 GiB template", full, rawFull);
        System.out.printf("P9 full/linked through OVM: %.1fx%n", median(full) / median(linked));
    }

    private static void report(String what, List<Double> ovm, List<Double> raw) {
        System.out.printf("%s: OVM median %.0f ms (min %.0f, max %.0f); raw median %.0f ms (min %.0f, max %.0f); "
                + "ratio OVM/raw %.2f%n", what, median(ovm), Collections.min(ovm), Collections.max(ovm), median(raw),
                Collections.min(raw), Collections.max(raw), median(ovm) / median(raw));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String volumeXml(String name, Path backing) {
        return "<volume><name>" + name + "</name><capacity unit='bytes'>67108864</capacity><allocation>0</allocation>"
                + "<target><format type='qcow2'/><permissions><mode>0644</mode></permissions></target>"
                + "<backingStore><path>" + backing + "</path><format type='qcow2'/></backingStore></volume>";
    }

    private static String domainXml(String name, String disk, Path guest) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>128</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64'>hvm</type><kernel>" + guest.resolve("vmlinuz") + "</kernel><initrd>"
                + guest.resolve("initrd.img") + "</initrd><cmdline>console=ttyS0 quiet</cmdline></os>"
                + "<features><acpi/><tcg><tb-cache unit='MiB'>32</tb-cache></tcg></features>"
                + "<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='" + disk
                + "'/><target dev='vda' bus='virtio'/></disk><serial type='pty'><target port='0'/></serial>"
                + "<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/></devices></domain>";
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static String post(String path, String json) throws Exception {
        return send("POST", path, json);
    }

    private static String send(String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Waits for the task of an accepted request; fails unless it SUCCEEDED. */
    private static void task(String accepted) throws Exception {
        String id = field(accepted, "id");
        while (true) {
            String state = field(send("GET", "/tasks/" + id + "?wait=10", null), "state");
            if ("SUCCEEDED".equals(state)) {
                return;
            }
            if (!"QUEUED".equals(state) && !"RUNNING".equals(state)) {
                throw new IllegalStateException("task " + id + " ended " + state);
            }
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
