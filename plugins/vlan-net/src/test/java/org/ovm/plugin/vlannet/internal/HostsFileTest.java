package org.ovm.plugin.vlannet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsFileTest {

    @Test
    void oneSortedLinePerReservation() {
        String text = HostsFile.render(Map.of("52:54:00:00:00:02", "10.100.0.11", "52:54:00:00:00:01", "10.100.0.10"));
        assertThat(text).isEqualTo("52:54:00:00:00:01,10.100.0.10\n52:54:00:00:00:02,10.100.0.11\n");
        assertThat(HostsFile.parse(text + "# comment\n\n")).containsExactly(
                Map.entry("52:54:00:00:00:01", "10.100.0.10"), Map.entry("52:54:00:00:00:02", "10.100.0.11"));
    }

    @Test
    void writtenWholeWithoutLeavingATemporaryFile(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        HostsFile.write(hosts, Map.of("52:54:00:00:00:01", "10.100.0.10"));
        HostsFile.write(hosts, Map.of());
        assertThat(Files.readString(hosts)).isEmpty();
        assertThat(HostsFile.read(dir.resolve("missing"))).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("hosts");
        }
    }
}
