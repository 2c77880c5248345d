package org.ovm.itests.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} command line against the test engine of {@code ./ovm backends up docker}
 * (its {@code DOCKER_HOST}): what an operator would see, to check OVM against.
 */
public final class DockerCli {

    private DockerCli() {
    }

    /** Runs {@code docker ARGS...}; its trimmed output; fails on a non-zero exit. */
    public static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** {@code docker inspect -f FORMAT NAME}. */
    public static String inspect(String format, String name) throws IOException, InterruptedException {
        return run("inspect", "-f", format, name);
    }

    /** Names of all containers, running or not ({@code docker ps -a}). */
    public static List<String> names() throws IOException, InterruptedException {
        String out = run("ps", "-a", "--format", "{{.Names}}");
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** A container's state as {@code docker ps -a} sees it ({@code running}, {@code exited}, {@code created}...). */
    public static String state(String name) throws IOException, InterruptedException {
        return inspect("{{.State.Status}}", name);
    }

    /** The test engine's environment variable, or a failure naming the setup command. */
    public static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: start the real Docker engine with "
                    + "'./ovm backends up docker' and export './ovm backends env' (./ovm test does both)");
        }
        return value;
    }
}
