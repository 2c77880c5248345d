package org.ovm.itests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The tiny test guest of {@code scripts/tiny-guest.sh} (a kernel, a busybox initrd whose shell runs on
 * the serial console, an empty disk), built once where QEMU can read it, and the small process and
 * file helpers the KVM scenarios share.
 */
public final class TinyGuest {

    /** Where the guest is built (readable by QEMU whatever the checkout's permissions). */
    public static final Path DIR = Paths.get("/var/lib/ovm-it/guest");

    private TinyGuest() {
    }

    /** Builds the guest unless it is there and newer than the script that builds it. */
    public static void ensureBuilt() throws Exception {
        Path repo = Paths.get(System.getProperty("ovm.repo", "..")).toAbsolutePath().normalize();
        Path script = repo.resolve("scripts/tiny-guest.sh");
        Path initrd = DIR.resolve("initrd.img");
        if (!Files.exists(initrd)
                || Files.getLastModifiedTime(script).compareTo(Files.getLastModifiedTime(initrd)) > 0) {
            String out = run(script.toString(), DIR.toString());
            assertThat(DIR.resolve("initrd.img")).as(out).exists();
        }
    }

    /** A template's properties: direct kernel boot with the console on the first serial port. */
    public static Map<String, String> templateProperties() {
        return Map.of("kernel", DIR.resolve("vmlinuz").toString(), "initrd", DIR.resolve("initrd.img").toString(),
                "cmdline", "console=ttyS0");
    }

    /** Runs a command (up to five minutes); its output, stdout and stderr together. */
    public static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return out;
    }

    /** Deletes a directory and what is in it, if it exists. */
    public static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
