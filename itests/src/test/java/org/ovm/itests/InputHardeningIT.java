package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;

/**
 * The engine against malformed and hostile input (issue 13), on a distribution of its own: the
 * review's findings F11 (control characters in free text), F13 (loose JSON typing), F14 (image
 * size, truncated images, truncated uploads) and F15 (names across tenants, user names differing
 * in case), each reproduced as reported and answered as it should be now. The image checks that
 * need qemu-img and libvirt run against the real backends ({@code ./ovm backends up}); the rest
 * against the simulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputHardeningIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PASSWORD = "Ir0nclad-Tulip-42";

    private Distribution dist;
    private Api api;
    private String hostId;
    private String poolId;

    @BeforeAll
    void boot() throws Exception {
        dist = Distribution.unpack("input-hardening", 41000);
        dist.start();
        api = dist.api();
        api.installPlugins("ovm-plugin-simulator");
        hostId = api.addSimulatorHost("in1", 16, 65536);
        poolId = api.addSimulatorPool("in-pool", hostId);
    }

    @AfterAll
    void stop() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }

    /**
     * F13: {@code {"cpus":1.9}} made 1 vCPU, {@code {"memoryMiB":-0.5}} passed "not negative" as 0,
     * {@code {"instances":"7"}} was read as 7, and numbers became zone names. Now each is a 400
     * naming the field, what it expects and what was sent, and nothing is created.
     */
    @Test
    void wrongJsonTypesAreRefusedNamingTheField() throws Exception {
        refused(api.post("/vdcs", "{\"name\": \"q1\", \"quota\": {\"instances\": 3.7}}"), "quota.instances",
                "field 'quota.instances': expected an integer, got 3.7");
        refused(api.post("/vdcs", "{\"name\": \"q1\", \"quota\": {\"memoryMiB\": -0.5}}"), "quota.memoryMiB",
                "field 'quota.memoryMiB': expected an integer, got -0.5");
        refused(api.post("/vdcs", "{\"name\": \"q1\", \"quota\": {\"instances\": \"7\"}}"), "quota.instances",
                "field 'quota.instances': expected an integer, got \"7\"");
        assertThat(api.get("/vdcs?name=q1").json().get("total").asInt()).isZero();
        refused(api.post("/instances", "{\"name\": \"frac\", \"cpus\": 1.9, \"memoryMiB\": 64, \"hostId\": \""
                + hostId + "\"}"), "cpus", "field 'cpus': expected an integer, got 1.9");
        refused(api.post("/instances", "{\"name\": \"frac\", \"cpus\": \"1\", \"memoryMiB\": 64, \"hostId\": \""
                + hostId + "\"}"), "cpus", "field 'cpus': expected an integer, got \"1\"");
        assertThat(api.get("/instances?name=frac").json().get("total").asInt()).isZero();
        refused(api.post("/zones", "{\"name\": 18446744073709551616}"), "name",
                "field 'name': expected a string, got 18446744073709551616");
        refused(api.post("/zones", "{\"name\": \"z-typed\", \"description\": 0}"), "description",
                "field 'description': expected a string, got 0");
        assertThat(api.get("/zones?name=18446744073709551616").json().get("total").asInt()).isZero();
        // what is typed right still works, an integer included where a fraction is expected
        assertThat(api.post("/vdcs", "{\"name\": \"typed\", \"quota\": {\"instances\": 3}}").status()).isEqualTo(201);
        Reply zone = api.post("/zones", "{\"name\": \"typed-zone\"}");
        assertThat(api.post("/clusters", "{\"name\": \"typed-cluster\", \"zoneId\": \"" + zone.text("id")
                + "\", \"cpuOvercommit\": 2}").status()).isEqualTo(201);
    }

    /**
     * F11: a snapshot description with U+0001, U+0000, U+FFFF or a lone surrogate was accepted
     * (202) and failed inside libvirt. Now it, and every free text, is a 400 at request time.
     */
    @Test
    void freeTextWithCharactersXmlCannotCarryIsRefused() throws Exception {
        Reply vm = api.post("/instances", "{\"name\": \"snappy\", \"cpus\": 1, \"memoryMiB\": 64, \"hostId\": \""
                + hostId + "\"}");
        assertThat(api.awaitTask(vm.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        String instance = vm.text("resourceId");
        for (String description : List.of("a\\u0001b", "a\\u0000b", "a\\uffffb", "a\\ud800b", "a\\udc00b")) {
            Reply snapshot = api.post("/instances/" + instance + "/snapshots", "{\"name\": \"sd1\", \"description\": \""
                    + description + "\"}");
            assertThat(snapshot.status()).as(description).isEqualTo(400);
            assertThat(snapshot.text("field")).isEqualTo("description");
            assertThat(snapshot.text("detail")).startsWith("description contains ");
        }
        assertThat(api.get("/instances/" + instance + "/snapshots").json().get("total").asInt()).isZero();
        Reply fine = api.post("/instances/" + instance + "/snapshots", "{\"name\": \"sd2\", \"description\": "
                + "\"tab\\there, new\\nline, </description><memory>, \\ud83d\\ude00\"}");
        assertThat(fine.status()).as(fine.body()).isEqualTo(202);
        assertThat(api.awaitTask(fine.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");

        refused(api.post("/zones", "{\"name\": \"ctl-zone\", \"description\": \"x\\u0007\"}"), "description",
                "description contains a control character (U+0007) at position 2");
        refused(api.post("/vdcs", "{\"name\": \"ctl-vdc\", \"description\": \"\\ufffe\"}"), "description",
                "description contains a noncharacter (U+FFFE) at position 1");
        refused(api.post("/affinity-groups", "{\"name\": \"ctl-group\", \"kind\": \"anti-affinity\", "
                + "\"description\": \"\\u001b[2J\"}"), "description", "description contains a control character");
        refused(api.post("/zones", "{\"name\": \"long-zone\", \"description\": \"" + "x".repeat(1001) + "\"}"),
                "description", "description is limited to 1000 characters");
    }

    /**
     * F15: a user of VDC A creating a volume or instance named like VDC B's was told "volume
     * secb-vol1 already exists in pool local" or "... already exists on host local-kvm". Now a
     * non-admin learns only that the name is taken, in the same words as for a clash in their
     * own VDC; admins are still told where.
     */
    @Test
    void takenNamesTellOtherTenantsNothingButThat() throws Exception {
        String vdcA = api.post("/vdcs", "{\"name\": \"ten-a\"}").text("id");
        String vdcB = api.post("/vdcs", "{\"name\": \"ten-b\"}").text("id");
        Api alice = user("ten_alice", vdcA);
        Api bert = user("ten_bert", vdcB);
        Reply bVm = bert.post("/instances", "{\"name\": \"secb-vm1\", \"cpus\": 1, \"memoryMiB\": 64, \"hostId\": \""
                + hostId + "\"}");
        assertThat(bVm.status()).as(bVm.body()).isEqualTo(202);
        assertThat(bert.awaitTask(bVm.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
        Reply bVol = bert.post("/volumes", Json.object("name", "secb-vol1", "poolId", poolId, "sizeGiB", 1));
        assertThat(bVol.status()).as(bVol.body()).isEqualTo(202);
        assertThat(bert.awaitTask(bVol.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");

        Reply vmClash = alice.post("/instances", "{\"name\": \"secb-vm1\", \"cpus\": 1, \"memoryMiB\": 64, "
                + "\"hostId\": \"" + hostId + "\"}");
        assertThat(vmClash.status()).isEqualTo(409);
        assertThat(vmClash.text("field")).isEqualTo("name");
        assertThat(vmClash.text("detail")).isEqualTo("the name 'secb-vm1' is not available; choose another");
        Reply volClash = alice.post("/volumes", Json.object("name", "secb-vol1", "poolId", poolId, "sizeGiB", 1));
        assertThat(volClash.status()).isEqualTo(409);
        assertThat(volClash.text("detail")).isEqualTo("the name 'secb-vol1' is not available; choose another");
        // the same words for a clash the caller can see: no oracle beyond the name
        Reply own = bert.post("/volumes", Json.object("name", "secb-vol1", "poolId", poolId, "sizeGiB", 1));
        assertThat(own.status()).isEqualTo(409);
        assertThat(own.text("detail")).isEqualTo(volClash.text("detail"));
        assertThat(vmClash.body() + volClash.body()).doesNotContain("in1", "in-pool", vdcB, "ten-b");
        // an admin sees everything, and is told where
        Reply adminClash = api.post("/volumes", Json.object("name", "secb-vol1", "poolId", poolId, "sizeGiB", 1));
        assertThat(adminClash.status()).isEqualTo(409);
        assertThat(adminClash.text("detail")).contains("in-pool");
    }

    /**
     * F15: a vdc-admin created "Admin" next to "admin", and "user 'b_vadm' already exists"
     * answered for another VDC's user. Now user names compare without case, the 409 says only
     * that the name is not available, and logins find the account whatever the case.
     */
    @Test
    void userNamesCompareWithoutCase() throws Exception {
        String vdc = api.post("/vdcs", "{\"name\": \"case-vdc\"}").text("id");
        Reply admin = api.post("/users", Json.object("username", "Admin", "password", PASSWORD, "role", "vdc-admin",
                "vdcId", vdc));
        assertThat(admin.status()).isEqualTo(409);
        assertThat(admin.text("field")).isEqualTo("username");
        assertThat(admin.text("detail")).isEqualTo("the user name is not available");
        user("case_vadm", vdc);
        Api vadm = new Api(dist.baseUrl(), "case_vadm", PASSWORD);
        Reply upper = vadm.post("/users", Json.object("username", "CASE_VADM", "password", PASSWORD));
        assertThat(upper.status()).isEqualTo(409);
        assertThat(upper.text("detail")).isEqualTo("the user name is not available");
        Reply users = api.get("/users?limit=1000");
        assertThat(users.body()).doesNotContain("\"Admin\"", "\"CASE_VADM\"");
        // a login in another case is the same account, under its own name
        Api shouting = new Api(dist.baseUrl(), "Case_Vadm", PASSWORD);
        assertThat(shouting.get("/zones").status()).isEqualTo(200);
        String token = shouting.post("/auth/tokens", null).text("token");
        assertThat(vadm.withToken(token).get("/users?username=case_vadm").json().get("total").asInt()).isEqualTo(1);
    }

    /**
     * F14: a client that stopped after 196 KB of a declared 10 MB got "200 OK" with an empty body.
     * Now it gets a 400 saying how far the upload got, and nothing is kept.
     */
    @Test
    void anUploadThatEndsEarlyIsA400AndLeavesNothing() throws Exception {
        URI base = URI.create(dist.baseUrl());
        String auth = Base64.getEncoder().encodeToString(("admin:" + Distribution.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/images/upload?name=cut-short&format=raw&poolId=" + poolId + " HTTP/1.1\r\n"
                    + "Host: x\r\nAuthorization: Basic " + auth + "\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: 10485760\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[196_608]);
            out.flush();
            s.shutdownOutput(); // the client stops sending, and waits for the answer
            String answer = readAll(s.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("application/problem+json", "\"field\":\"file\"",
                    "the upload ended after ", " of 10485760 bytes");
        }
        assertThat(api.get("/images?name=cut-short").json().get("total").asInt()).isZero();
        // the name is free: nothing was left in the pool
        Path small = Files.createTempFile("whole", ".raw");
        try {
            Files.write(small, new byte[4096]);
            Reply whole = api.upload("/images/upload?name=cut-short&format=raw&poolId=" + poolId, small);
            assertThat(whole.status()).as(whole.body()).isEqualTo(201);
            assertThat(api.delete("/images/" + whole.text("id")).status()).isEqualTo(204);
        } finally {
            Files.deleteIfExists(small);
        }
    }

    /**
     * F14 on a real local pool: an image of 100 TiB virtual size was accepted (beyond the 64 TiB
     * diskGiB cap), and a truncated qcow2 became a template. Now both are refused, uploaded or
     * registered, and a refused upload leaves no file.
     */
    @Test
    void oversizedAndTruncatedImagesNeverBecomeTemplates() throws Exception {
        String uri = System.getenv("KVM_URI");
        assertThat(uri).as("KVM_URI: start the real backends with './ovm backends up' and export "
                + "'./ovm backends env' (./ovm test does both)").isNotBlank();
        Path poolDir = Paths.get("/var/lib/ovm-it/pools/input-" + Long.toHexString(System.nanoTime()));
        Path work = Files.createTempDirectory("input-images");
        String kvmPool = null;
        try {
            api.installPlugins("ovm-plugin-kvm", "ovm-plugin-local-storage");
            String kvm = api.addKvmHost("in-kvm", uri);
            Reply pool = api.post("/storage-pools", Json.object("name", "in-local", "type", "local", "uri",
                    "file://" + poolDir, "hostId", kvm));
            assertThat(api.awaitTask(pool.text("id"), TIMEOUT).get("state").asText()).isEqualTo("SUCCEEDED");
            kvmPool = pool.text("resourceId");

            Path huge = work.resolve("huge.qcow2");
            run("qemu-img", "create", "-q", "-f", "qcow2", huge.toString(), "100T");
            Reply tooBig = api.upload("/images/upload?name=huge&format=qcow2&poolId=" + kvmPool, huge);
            assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(400);
            assertThat(tooBig.text("detail")).contains("102400 GiB", "65536 GiB");

            Path whole = work.resolve("whole.qcow2");
            run("qemu-img", "create", "-q", "-f", "qcow2", whole.toString(), "64M");
            run("qemu-io", "-f", "qcow2", "-c", "write -P 0x55 0 150k", whole.toString());
            byte[] bytes = Files.readAllBytes(whole);
            Path truncated = work.resolve("short.qcow2");
            Files.write(truncated, Arrays.copyOf(bytes, 100_000));
            Reply cut = api.upload("/images/upload?name=short&format=qcow2&poolId=" + kvmPool, truncated);
            assertThat(cut.status()).as(cut.body()).isEqualTo(400);
            assertThat(cut.text("field")).isEqualTo("file");
            assertThat(cut.text("detail")).contains("corrupt or truncated");
            assertThat(filesIn(poolDir)).isEmpty();
            assertThat(api.get("/images?poolId=" + kvmPool).json().get("total").asInt()).isZero();

            // registered from files already in the pool: the register task fails saying why
            for (Path file : List.of(truncated, huge)) {
                Path inPool = poolDir.resolve("reg-" + file.getFileName());
                Files.copy(file, inPool);
                Files.setPosixFilePermissions(inPool, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Reply regCut = api.post("/images", Json.object("name", "reg-short", "format", "qcow2", "poolId", kvmPool,
                    "volume", "reg-short.qcow2"));
            var cutTask = api.awaitTask(regCut.text("id"), TIMEOUT);
            assertThat(cutTask.get("state").asText()).isEqualTo("FAILED");
            assertThat(cutTask.get("error").asText()).contains("corrupt or truncated");
            Reply regHuge = api.post("/images", Json.object("name", "reg-huge", "format", "qcow2", "poolId", kvmPool,
                    "volume", "reg-huge.qcow2"));
            var hugeTask = api.awaitTask(regHuge.text("id"), TIMEOUT);
            assertThat(hugeTask.get("state").asText()).isEqualTo("FAILED");
            assertThat(hugeTask.get("error").asText()).contains("65536 GiB");
            assertThat(api.get("/images?poolId=" + kvmPool).json().get("total").asInt()).isZero();

            // an intact image still becomes a template
            Reply good = api.upload("/images/upload?name=whole&format=qcow2&poolId=" + kvmPool, whole);
            assertThat(good.status()).as(good.body()).isEqualTo(201);
            assertThat(api.delete("/images/" + good.text("id")).status()).isEqualTo(204);
        } finally {
            if (kvmPool != null) {
                run("virsh", "-c", uri, "pool-destroy", "ovm-" + kvmPool);
                run("virsh", "-c", uri, "pool-undefine", "ovm-" + kvmPool);
            }
            deleteTree(poolDir);
            deleteTree(work);
        }
    }

    private Api user(String username, String vdcId) throws Exception {
        Reply created = api.post("/users", Json.object("username", username, "password", PASSWORD, "role",
                "vdc-admin", "vdcId", vdcId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Api(dist.baseUrl(), username, PASSWORD);
    }

    private static void refused(Reply reply, String field, String detail) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.text("field")).isEqualTo(field);
        assertThat(reply.text("detail")).startsWith(detail);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // the server closed the connection after its answer: what arrived is the answer
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
