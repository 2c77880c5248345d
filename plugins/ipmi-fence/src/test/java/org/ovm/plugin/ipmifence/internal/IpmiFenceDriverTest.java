package org.ovm.plugin.ipmifence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.fence.FenceEndpoint;
import org.ovm.spi.fence.PowerStatus;

/** The driver's sequencing with a scripted ipmitool; IpmiFenceIT runs the real one against ipmi_sim. */
class IpmiFenceDriverTest {

    private static final FenceEndpoint HOST = new FenceEndpoint("h1", "127.0.0.1", 52723, "admin", "pw", Map.of());

    /** Answers each ipmitool call with the next scripted stdout and records the calls' last word. */
    private static final class ScriptedIpmitool implements CommandRunner {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();

        ScriptedIpmitool(String... answers) {
            this.answers.addAll(List.of(answers));
        }

        @Override
        public Result run(List<String> argv, Map<String, String> environment, Duration timeout) {
            calls.add(argv.get(argv.size() - 1));
            String answer = answers.size() > 1 ? answers.poll() : answers.peek();
            return new Result(0, answer, "", false);
        }
    }

    private static OperationContext ctx(Duration left) {
        return new OperationContext("t1", Instant.now().plus(left), "system", Runnable::run);
    }

    @Test
    void powerOffReturnsOnlyOnceTheBmcReportsOff() {
        ScriptedIpmitool ipmitool = new ScriptedIpmitool("Chassis Power is on", "Chassis Power Control: Down/Off",
                "Chassis Power is on", "Chassis Power is on", "Chassis Power is off");
        new IpmiFenceDriver(ipmitool, "ipmitool", Duration.ofMillis(10)).powerOff(ctx(Duration.ofSeconds(5)), HOST)
                .toCompletableFuture().join();
        assertThat(ipmitool.calls).containsExactly("status", "off", "status", "status", "status");
    }

    @Test
    void aHostAlreadyOffIsNotSwitchedAgain() {
        ScriptedIpmitool ipmitool = new ScriptedIpmitool("Chassis Power is off");
        new IpmiFenceDriver(ipmitool, "ipmitool", Duration.ofMillis(10)).powerOff(ctx(Duration.ofSeconds(5)), HOST)
                .toCompletableFuture().join();
        assertThat(ipmitool.calls).containsExactly("status");
    }

    @Test
    void aBmcThatNeverReportsOffFailsWithTimeoutAtTheDeadline() {
        ScriptedIpmitool ipmitool = new ScriptedIpmitool("Chassis Power is on", "Chassis Power Control: Down/Off",
                "Chassis Power is on");
        long start = System.nanoTime();
        assertThatThrownBy(() -> new IpmiFenceDriver(ipmitool, "ipmitool", Duration.ofMillis(50))
                .powerOff(ctx(Duration.ofMillis(400)), HOST).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(DriverException.class)
                .hasMessageContaining("accepted the power off but did not report it off")
                .hasMessageContaining("the host may still be running")
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void unknownIsNeverTakenForOff() {
        ScriptedIpmitool ipmitool = new ScriptedIpmitool("Chassis Power is on", "Chassis Power Control: Down/Off",
                "Chassis Power is flickering");
        assertThatThrownBy(() -> new IpmiFenceDriver(ipmitool, "ipmitool", Duration.ofMillis(20))
                .powerOff(ctx(Duration.ofSeconds(1)), HOST).toCompletableFuture().join())
                .cause().hasMessageContaining("it last reported UNKNOWN");
    }

    @Test
    void aPollCutOffByTheDeadlineKeepsTheBmcsLastAnswer() {
        // the third status call runs into the deadline and is killed there, as ProcessRunner does
        CommandRunner ipmitool = new CommandRunner() {
            int calls;

            @Override
            public Result run(List<String> argv, Map<String, String> environment, Duration timeout) {
                calls++;
                switch (calls) {
                case 1:
                    return new Result(0, "Chassis Power is on", "", false);
                case 2:
                    return new Result(0, "Chassis Power Control: Down/Off", "", false);
                case 3:
                    return new Result(0, "Chassis Power is on", "", false);
                default:
                    try {
                        Thread.sleep(timeout.toMillis() + 20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Result(-1, "", "", true);
                }
            }
        };
        assertThatThrownBy(() -> new IpmiFenceDriver(ipmitool, "ipmitool", Duration.ofMillis(20))
                .powerOff(ctx(Duration.ofMillis(500)), HOST).toCompletableFuture().join())
                .cause().hasMessageContaining("it last reported ON").hasMessageNotContaining("last answer");
    }

    @Test
    void statusParsesTheAnswer() {
        assertThat(new IpmiFenceDriver(new ScriptedIpmitool("Chassis Power is off"), "ipmitool", Duration.ofMillis(10))
                .status(ctx(Duration.ofSeconds(1)), HOST).toCompletableFuture().join()).isEqualTo(PowerStatus.OFF);
    }
}
