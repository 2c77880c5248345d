import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P6 of docs/benchmarks.md: detection to running. An HA tiny guest with its disk on the NFS pool runs on host 2,
 * which has power management (its simulated BMC of ./ovm backends up ipmi). Each run loses host 2's power
 * (./ovm backends crash kvm2) and measures until OVM reports the guest RUNNING on host 1, split by the events
 * host/down, host/fenced and instance/ha-restarted; then waits until the fence's power-on brought host 2 back and
 * moves the guest there again. The raw side, in the same run: what the restart itself costs without OVM, a define +
 * start of an equivalent tiny guest on host 1 with virsh. Run by bench/ha-bench.sh.
 */
public final class HaBench {

    private static final Pattern TIME = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        BenchApi.init(args[0], args[1]);
        String uri1 = args[2];
        String uri2 = args[3];
        String nfsUri = args[4];
        Path guest = Paths.get(args[5]);
        Path poolDir = Paths.get(args[6]);
        int runs = Integer.parseInt(args[7]);
        String ovm = args[8];
        String[] bmc = args[9].split(":");
        String bmcUser = args[10];
        String bmcPassword = Files.readString(Paths.get(args[11])).strip();

        for (String plugin : List.of("ovm-plugin-kvm", "ovm-plugin-local-storage", "ovm-plugin-nfs-storage",
                "ovm-plugin-ipmi-fence")) {
            BenchApi.task(BenchApi.send("POST", "/plugins/" + plugin + "/install", null));
        }
        String zone = BenchApi.field(BenchApi.send("POST", "/zones", "{\"name\":\"habench\"}"), "id");
        String cluster = BenchApi.field(BenchApi.send("POST", "/clusters", "{\"name\":\"habench\",\"zoneId\":\""
                + zone + "\"}"), "id");
        String host1 = host("habench1", uri1, cluster);
        String host2 = host("habench2", uri2, cluster);
        Files.createDirectories(poolDir);
        String local = BenchApi.field(BenchApi.task(BenchApi.send("POST", "/storage-pools", "{\"name\":\"habench\","
                + "\"type\":\"local\",\"uri\":\"file://" + poolDir + "\",\"hostId\":\"" + host1 + "\"}")), "resourceId");
        Path disk = poolDir.resolve("tiny.qcow2");
        Files.copy(guest.resolve("disk.qcow2"), disk, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(disk, PosixFilePermissions.fromString("rw-r--r--"));
        String kernel = "\"properties\":{\"kernel\":\"" + guest.resolve("vmlinuz") + "\",\"initrd\":\""
                + guest.resolve("initrd.img") + "\",\"cmdline\":\"console=ttyS0 quiet\"}";
        String image = BenchApi.field(BenchApi.task(BenchApi.send("POST", "/images", "{\"name\":\"habench\","
                + "\"kind\":\"template\",\"format\":\"qcow2\",\"poolId\":\"" + local + "\",\"volume\":\"tiny.qcow2\","
                + kernel + "}")), "resourceId");
        String nfs = BenchApi.field(BenchApi.task(BenchApi.send("POST", "/storage-pools", "{\"name\":\"habench-nfs\","
                + "\"type\":\"nfs\",\"uri\":\"" + nfsUri + "\",\"clusterId\":\"" + cluster + "\"}")), "resourceId");
        BenchApi.send("PUT", "/hosts/" + host2 + "/power-management", "{\"type\":\"ipmi\",\"address\":\"" + bmc[0]
                + "\",\"port\":" + bmc[1] + ",\"username\":\"" + bmcUser + "\",\"password\":\"" + bmcPassword
                + "\",\"settings\":{\"cipherSuite\":\"3\"}}");
        String name = "habench-" + Long.toHexString(System.currentTimeMillis());
        String vm = BenchApi.field(BenchApi.task(BenchApi.send("POST", "/instances", "{\"name\":\"" + name + "\",\"cpus\":1,"
                + "\"memoryMiB\":128,\"hostId\":\"" + host1 + "\",\"imageId\":\"" + image + "\",\"storagePoolId\":\""
                + nfs + "\",\"cloneMode\":\"full\",\"start\":true,\"ha\":true}")), "resourceId");

        List<Double> total = new ArrayList<>();
        List<Double> detect = new ArrayList<>();
        List<Double> fence = new ArrayList<>();
        List<Double> restart = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                BenchApi.task(BenchApi.send("POST", "/instances/" + vm + "/migrate", "{\"hostId\":\"" + host2 + "\"}"));
                Instant lost = Instant.now();
                long t0 = System.nanoTime();
                run(ovm, "backends", "crash", "kvm2");
                while (true) {
                    String view = BenchApi.send("GET", "/instances/" + vm, null);
                    if (view.contains("\"hostId\":\"" + host1 + "\"") && "RUNNING".equals(BenchApi.field(view,
                            "state"))) {
                        break;
                    }
                    Thread.sleep(50);
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                Instant down = newest("host/down", host2);
                Instant fenced = newest("host/fenced", host2);
                Instant restarted = newest("instance/ha-restarted", vm);
                total.add(ms);
                detect.add(millis(lost, down));
                fence.add(millis(down, fenced));
                restart.add(millis(fenced, restarted));
                raw.add(rawRestart(uri1, guest, poolDir, i));
                System.out.printf("run %d: %.0f ms (detect %.0f, fence %.0f, restart %.0f); raw define+start %.0f ms%n",
                        i + 1, ms, detect.get(i), fence.get(i), restart.get(i), raw.get(i));
                // the fence powered host 2 on again: wait until it is UP before the next run
                while (!"UP".equals(BenchApi.field(BenchApi.send("GET", "/hosts/" + host2, null), "state"))) {
                    Thread.sleep(200);
                }
                // and its shut-off copy of the guest removed (the sync of a returning host)
                while (total(BenchApi.send("GET", "/events?topic=instance/ha-leftover-removed&resourceId=" + vm,
                        null)) <= i) {
                    Thread.sleep(200);
                }
            }
        } finally {
            BenchApi.send("DELETE", "/instances/" + vm + "?deleteVolumes=true", null, true);
        }
        System.out.printf("P6 detection to running over %d runs: p50 %.1f s, max %.1f s (detection p50 %.1f s, fence "
                + "p50 %.1f s, restart p50 %.1f s); raw define+start p50 %.2f s; ratio p50 %.1f%n", runs,
                BenchApi.median(total) / 1000, max(total) / 1000, BenchApi.median(detect) / 1000,
                BenchApi.median(fence) / 1000, BenchApi.median(restart) / 1000, BenchApi.median(raw) / 1000,
                BenchApi.median(total) / BenchApi.median(raw));
    }

    private static String host(String name, String uri, String cluster) throws Exception {
        return BenchApi.field(BenchApi.task(BenchApi.send("POST", "/hosts", "{\"name\":\"" + name + "\",\"type\":"
                + "\"kvm\",\"uri\":\"" + uri + "\",\"clusterId\":\"" + cluster + "\",\"settings\":{\"domainType\":"
                + "\"qemu\"}}")), "resourceId");
    }

    /** The time of the newest event of a topic about a resource. */
    private static Instant newest(String topic, String resourceId) throws Exception {
        String events = BenchApi.send("GET", "/events?topic=" + topic + "&resourceId=" + resourceId
                + "&limit=1", null);
        Matcher m = TIME.matcher(events);
        if (!m.find()) {
            throw new IllegalStateException("no " + topic + " event: " + events);
        }
        return Instant.parse(m.group(1));
    }

    private static int total(String list) {
        Matcher m = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(list);
        if (!m.find()) {
            throw new IllegalStateException("no total in " + list);
        }
        return Integer.parseInt(m.group(1));
    }

    private static double millis(Instant from, Instant to) {
        return (to.toEpochMilli() - from.toEpochMilli());
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Define + start of the same tiny guest on host 1 with virsh (its own overlay disk), then removed. */
    private static double rawRestart(String uri, Path guest, Path poolDir, int i) throws Exception {
        Path overlay = poolDir.resolve("raw-" + i + ".qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", poolDir.resolve("tiny.qcow2").toString(),
                overlay.toString());
        Path xml = poolDir.resolve("raw-" + i + ".xml");
        String name = "habench-raw-" + i;
        Files.writeString(xml, "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>128</memory>"
                + "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type><kernel>" + guest.resolve("vmlinuz")
                + "</kernel><initrd>" + guest.resolve("initrd.img") + "</initrd><cmdline>console=ttyS0 quiet</cmdline>"
                + "</os><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='"
                + overlay + "'/><target dev='vda' bus='virtio'/></disk><serial type='pty'/></devices></domain>");
        long t0 = System.nanoTime();
        run("virsh", "-c", uri, "define", xml.toString());
        run("virsh", "-c", uri, "start", name);
        double ms = (System.nanoTime() - t0) / 1e6;
        run("virsh", "-c", uri, "destroy", name);
        run("virsh", "-c", uri, "undefine", name);
        Files.deleteIfExists(overlay);
        Files.deleteIfExists(xml);
        return ms;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }
}
