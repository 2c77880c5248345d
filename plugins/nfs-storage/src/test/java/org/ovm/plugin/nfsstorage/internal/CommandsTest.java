package org.ovm.plugin.nfsstorage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

class CommandsTest {

    private final Commands commands = new Commands();

    @Test
    void aProcessStillRunningAtTheDeadlineIsKilled() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> commands.run(List.of("sleep", "30"), Instant.now().plusSeconds(1), null))
                .isInstanceOf(DriverException.class)
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessageContaining("sleep 30 did not finish in time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("sleep"))
                .count()).isZero();
    }

    @Test
    void followsUpdatesSeparatedByCarriageReturnsAndKeepsTheOutput() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Commands.Result result = commands.run(List.of("printf", "    (0.00/100%%)\\r    (50.00/100%%)\\r    (100.00/100%%)\\r\\ndone"),
                Instant.now().plusSeconds(20), lines::add);
        assertThat(result.ok()).isTrue();
        assertThat(lines).containsExactly("(0.00/100%)", "(50.00/100%)", "(100.00/100%)", "done");
        assertThat(result.output()).endsWith("done");
    }

    @Test
    void aMissingToolIsUnsupportedAndNamesItsPackage() {
        assertThatThrownBy(() -> commands.run(List.of("/nonexistent/nfs-ls", "-s", "nfs://h/e"),
                Instant.now().plusSeconds(5), null)).isInstanceOf(DriverException.class)
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageContaining("install libnfs-utils");
    }

    @Test
    void reportsTheExitCode() {
        Commands.Result result = commands.run(List.of("false"), Instant.now().plusSeconds(5), null);
        assertThat(result.ok()).isFalse();
        assertThat(result.exit()).isEqualTo(1);
    }
}
