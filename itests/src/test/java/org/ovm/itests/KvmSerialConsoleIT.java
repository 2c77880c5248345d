package org.ovm.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ovm.itests.support.TinyGuest.deleteTree;
import static org.ovm.itests.support.TinyGuest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.ovm.itests.support.Api;
import org.ovm.itests.support.Api.Reply;
import org.ovm.itests.support.Distribution;
import org.ovm.itests.support.Json;
import org.ovm.itests.support.TerminalSocket;
import org.ovm.itests.support.TinyGuest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The serial console of a real QEMU guest through the engine, and a pool whose directory another
 * libvirt pool owns. A tiny guest (its shell runs on ttyS0) is cloned from a template and started;
 * its serial console, opened with a ticket from the API or the shell, answers what is typed over
 * the terminal websocket; a second console takes the port over and ends the first; a stopped
 * guest has none (409), and a VM has no container terminal (400, pointing at the serial console).
 * Then a pool on a directory of a leftover libvirt pool ends in ERROR saying which pool and how to
 * remove it.
 */
class KvmSerialConsoleIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private final String uri = System.getenv("KVM_URI");
    private final String suffix = Long.toHexString(System.nanoTime());
    private final Path poolDir = Paths.get("/var/lib/ovm-it/pools/serial-" + suffix);
    private final Path leftoverDir = Paths.get("/var/lib/ovm-it/pools/leftover-" + suffix);
    private final String leftover = "it-leftover-" + suffix;
    private final String guestName = "serial-" + suffix;

    @Test
    void theSerialConsoleAnswersAndAPoolOnATakenDirectorySaysWhatToDo() throws Exception {
        assertThat(uri).as("KVM_URI: start the real backends with './ovm backends up' and export "
                + "'./ovm backends env' (./ovm test does both)").isNotBlank();
        TinyGuest.ensureBuilt();
        String poolId = null;
        try (Distribution dist = Distribution.unpack("kvm-serial", 48000)) {
            dist.start();
            Api api = dist.api();
            api.installPlugins("ovm-plugin-kvm", "ovm-plugin-local-storage");
            String hostId = api.addKvmHost("kvm1", uri);
            Reply pool = api.post("/storage-pools", Json.object("name", "local1", "type", "local", "uri",
                    "file://" + poolDir, "hostId", hostId));
            poolId = api.finished(pool, TIMEOUT);
            String id = aTinyGuestRuns(api, hostId, poolId);
            try {
                itsSerialConsoleAnswersAndCanBeTakenOver(dist, api, id);
                aStoppedGuestHasNoSerialConsole(api, id);
            } finally {
                api.awaitTask(api.delete("/instances/" + id).text("id"), TIMEOUT);
            }
            aPoolOnALeftoverPoolsDirectoryIsInErrorWithWhatToDo(api, hostId);
        } finally {
            run("virsh", "-c", uri, "destroy", guestName);
            run("virsh", "-c", uri, "undefine", guestName);
            if (poolId != null) {
                run("virsh", "-c", uri, "pool-destroy", "ovm-" + poolId);
                run("virsh", "-c", uri, "pool-undefine", "ovm-" + poolId);
            }
            run("virsh", "-c", uri, "pool-undefine", leftover);
            deleteTree(poolDir);
            deleteTree(leftoverDir);
        }
    }

    /** The tiny guest as a linked clone of a template, started; its instance id. */
    private String aTinyGuestRuns(Api api, String hostId, String poolId) throws Exception {
        Files.copy(TinyGuest.DIR.resolve("disk.qcow2"), poolDir.resolve("tiny.qcow2"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(poolDir.resolve("tiny.qcow2"), PosixFilePermissions.fromString("rw-r--r--"));
        String imageId = api.finished(api.post("/images", Json.object("name", "tiny", "kind", "template", "format",
                "qcow2", "poolId", poolId, "volume", "tiny.qcow2", "properties", TinyGuest.templateProperties())),
                TIMEOUT);
        Reply create = api.post("/instances", Json.object("name", guestName, "cpus", 1, "memoryMiB", 128, "hostId",
                hostId, "imageId", imageId, "start", true));
        String id = api.finished(create, TIMEOUT);
        assertThat(api.get("/instances/" + id).json().get("state").asText()).isEqualTo("RUNNING");
        return id;
    }

    private void itsSerialConsoleAnswersAndCanBeTakenOver(Distribution dist, Api api, String id) throws Exception {
        Reply ticket = api.post("/instances/" + id + "/serial/tickets", null);
        assertThat(ticket.status()).as(ticket.body()).isEqualTo(201);
        assertThat(ticket.text("protocol")).isEqualTo("serial");
        assertThat(ticket.text("path")).startsWith("/console/terminal?ticket=");
        String engine = dist.baseUrl().replaceFirst("^http", "ws").replace("/api/v1", "");
        try (TerminalSocket first = TerminalSocket.open(engine + ticket.text("path"))) {
            String screen = first.typeUntil("echo serial-$((6*7))\r", "serial-42", Duration.ofSeconds(120));
            assertThat(screen).as("the guest's shell answered on ttyS0").contains("serial-42");

            String shell = dist.client("ovm:instance-console --serial " + id);
            assertThat(shell).contains("serial console websocket (one connection");
            String path = shell.substring(shell.indexOf("/console/terminal?ticket=")).trim();
            try (TerminalSocket second = TerminalSocket.open(engine + path)) {
                assertThat(first.closedWith(Duration.ofSeconds(30))).as("the older console is taken over")
                        .startsWith("1000").contains("serial console ended");
                assertThat(second.typeUntil("echo taken-$((6*7))\r", "taken-42", Duration.ofSeconds(120))).contains("taken-42");
            }
        }
        try (TerminalSocket again = TerminalSocket.open(engine + ticket.text("path"))) {
            assertThat(again.closedWith(Duration.ofSeconds(10))).as("a ticket is good once").startsWith("1008");
        }
        Reply terminal = api.post("/instances/" + id + "/terminal/tickets", null);
        assertThat(terminal.status()).isEqualTo(400);
        assertThat(terminal.text("detail")).contains("open the serial console instead");
    }

    private void aStoppedGuestHasNoSerialConsole(Api api, String id) throws Exception {
        assertThat(api.awaitTask(api.post("/instances/" + id + "/stop?force=true", null).text("id"), TIMEOUT)
                .get("state").asText()).isEqualTo("SUCCEEDED");
        Reply stopped = api.post("/instances/" + id + "/serial/tickets", null);
        assertThat(stopped.status()).isEqualTo(409);
        assertThat(stopped.text("detail")).contains("start it to open its serial console");
    }

    /**
     * Another install's (or a leftover) libvirt pool, defined but not started, owns a directory: a
     * pool on it fails, and the pool itself (not only its task) says which pool and what to do.
     */
    private void aPoolOnALeftoverPoolsDirectoryIsInErrorWithWhatToDo(Api api, String hostId) throws Exception {
        Files.createDirectories(leftoverDir);
        Path xml = Files.createTempFile("leftover", ".xml");
        Files.writeString(xml, "<pool type='dir'><name>" + leftover + "</name><target><path>" + leftoverDir
                + "</path></target></pool>");
        assertThat(run("virsh", "-c", uri, "pool-define", xml.toString())).contains("defined");
        Files.delete(xml);
        Reply pool = api.post("/storage-pools", Json.object("name", "second", "type", "local", "uri",
                "file://" + leftoverDir, "hostId", hostId));
        assertThat(pool.status()).isEqualTo(202);
        JsonNode task = api.awaitTask(pool.text("id"), TIMEOUT);
        assertThat(task.get("state").asText()).isEqualTo("FAILED");
        JsonNode view = api.get("/storage-pools/" + pool.text("resourceId")).json();
        assertThat(view.get("state").asText()).isEqualTo("ERROR");
        assertThat(view.get("stateReason").asText()).contains("directory " + leftoverDir
                + " is already used by libvirt pool '" + leftover + "'").contains("virsh -c " + uri + " pool-destroy "
                + leftover + "; virsh -c " + uri + " pool-undefine " + leftover);
        assertThat(run("virsh", "-c", uri, "pool-list", "--all", "--name")).as("the leftover is left alone")
                .contains(leftover);
        assertThat(api.awaitTask(api.delete("/storage-pools/" + pool.text("resourceId")).text("id"), TIMEOUT)
                .get("state").asText()).as("a pool in ERROR can be deleted").isEqualTo("SUCCEEDED");
    }
}
