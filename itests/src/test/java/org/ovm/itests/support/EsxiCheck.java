package org.ovm.itests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A simulated ESXi host as govmomi reads it ({@code esxi-check} of {@code ./ovm backends up
 * esxi}): an independent client to check what OVM reports against, not yavijava looking at
 * itself.
 */
public final class EsxiCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;

    private EsxiCheck(String url) {
        this.url = url;
    }

    /** The host at {@code url}, logged in with the backend's user and password. */
    public static EsxiCheck of(String url) {
        return new EsxiCheck(url);
    }

    /** Runs {@code esxi-check ARGS...} and reads its JSON answer. */
    public JsonNode run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(env("ESXI_CHECK"), "-url", url, "-user", env("ESXI_USER"),
                "-ca", env("ESXI_CA")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("esxi-check " + String.join(" ", args) + " failed: " + err);
        }
        return JSON.readTree(out);
    }

    /** A VM by name: {@code exists}, {@code id}, {@code powerState}, {@code numCPU}, {@code memoryMB}, {@code guestId},
     * {@code disks}, {@code nics} (MAC@port group), {@code snapshots}, {@code currentSnapshot}. */
    public JsonNode vm(String name) throws IOException, InterruptedException {
        return run("vm", name);
    }

    /** Every VM's power state by name. */
    public JsonNode vms() throws IOException, InterruptedException {
        return run("vms");
    }

    /** Whether a datastore file exists, and its size. */
    public JsonNode file(String datastorePath) throws IOException, InterruptedException {
        return run("file", datastorePath);
    }

    /** Port groups and their VLAN ids. */
    public JsonNode portGroups() throws IOException, InterruptedException {
        return run("portgroups");
    }

    /** Product, CPU, memory and datastores (capacity, free). */
    public JsonNode host() throws IOException, InterruptedException {
        return run("host");
    }

    /** The ESXi backend's environment variable, or a failure naming the setup command. */
    public static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: start the ESXi simulator with './ovm backends up "
                    + "esxi' and export './ovm backends env' (./ovm test does both)");
        }
        return value;
    }
}
