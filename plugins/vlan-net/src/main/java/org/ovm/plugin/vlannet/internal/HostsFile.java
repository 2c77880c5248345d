package org.ovm.plugin.vlannet.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * dnsmasq's {@code --dhcp-hostsfile}: one {@code <mac>,<ip>} line per reservation, sorted by MAC. Rewritten
 * as a whole (temporary file, then an atomic rename) so dnsmasq never reads half a file on SIGHUP.
 */
final class HostsFile {

    private HostsFile() {
    }

    static String render(Map<String, String> reservations) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(reservations).forEach((mac, ip) -> text.append(mac).append(',').append(ip).append('\n'));
        return text.toString();
    }

    static Map<String, String> parse(String text) {
        Map<String, String> reservations = new TreeMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int comma = l.indexOf(',');
            if (comma > 0) {
                reservations.put(l.substring(0, comma), l.substring(comma + 1));
            }
        }
        return reservations;
    }

    static Map<String, String> read(Path file) throws IOException {
        return Files.exists(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : new TreeMap<>();
    }

    static void write(Path file, Map<String, String> reservations) throws IOException {
        writeAtomically(file, render(reservations));
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
