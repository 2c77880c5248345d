package org.ovm.plugin.esxi.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The host as govmomi reads it ({@code esxi-check}, built by {@code ./ovm backends up esxi}):
 * an independent client, so that tests compare the driver's view with the host's, not yavijava
 * with itself.
 */
final class EsxiCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EsxiCheck() {
    }

    static JsonNode run(String url, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(EsxiBackend.env("ESXI_CHECK"), "-url", url, "-user",
                EsxiBackend.env("ESXI_USER"), "-ca", EsxiBackend.env("ESXI_CA")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("esxi-check " + String.join(" ", args) + " failed: " + err);
        }
        return JSON.readTree(out);
    }

    /** A VM by name on host 1: {@code exists}, {@code powerState}, {@code numCPU}, {@code memoryMB}, ... */
    static JsonNode vm(String name) throws IOException, InterruptedException {
        return run(EsxiBackend.env("ESXI_URL"), "vm", name);
    }

    static JsonNode file(String datastorePath) throws IOException, InterruptedException {
        return run(EsxiBackend.env("ESXI_URL"), "file", datastorePath);
    }

    static JsonNode portGroups() throws IOException, InterruptedException {
        return run(EsxiBackend.env("ESXI_URL"), "portgroups");
    }
}
