package org.ovm.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.fence.FenceDriver;
import org.ovm.spi.fence.FenceEndpoint;
import org.ovm.spi.fence.PowerStatus;

/**
 * The contract every {@link FenceDriver} must keep against a real controller (or a simulator of
 * one, such as OpenIPMI's ipmi_sim): {@code powerOff} completes only once the host is really off,
 * both power calls are idempotent, refused credentials are {@code UNAUTHORIZED} and a silent
 * controller is {@code UNREACHABLE} by the deadline. Each test starts with the host powered on and
 * leaves it on.
 */
public abstract class FenceDriverContract extends ContractSupport {

    /** What a call to a controller that never answers may take beyond its deadline. */
    protected static final Duration DEADLINE_SLACK = Duration.ofMillis(1500);

    private FenceDriver driver;
    private FenceEndpoint endpoint;

    protected abstract FenceDriver createDriver() throws Exception;

    /** The controller of a host this test may switch off and on. */
    protected abstract FenceEndpoint endpoint() throws Exception;

    /**
     * Whether the host really runs, found without its controller (a process, a marker the
     * simulator's power hook writes): the proof that {@code powerOff} did not complete early.
     */
    protected abstract boolean hostRuns() throws Exception;

    /** An endpoint where nothing answers (a closed port, an unused address). */
    protected abstract FenceEndpoint silentEndpoint() throws Exception;

    /** {@link #endpoint()} with a password the controller refuses. */
    protected FenceEndpoint wrongPassword(FenceEndpoint e) {
        return new FenceEndpoint(e.hostId(), e.address(), e.port(), e.username(), "not-the-Password1", e.settings());
    }

    @BeforeEach
    void setUpContract() throws Exception {
        driver = createDriver();
        endpoint = endpoint();
        await(driver.powerOn(ctx(), endpoint));
    }

    @Test
    void typeIsNamed() {
        assertThat(driver.type()).isNotBlank();
    }

    @Test
    void powerOffCompletesOnlyOnceTheHostIsOffAndBothCallsAreIdempotent() throws Exception {
        assertThat(await(driver.status(ctx(), endpoint))).isEqualTo(PowerStatus.ON);
        assertThat(hostRuns()).isTrue();

        await(driver.powerOff(ctx(), endpoint));
        assertThat(hostRuns()).as("the host still runs after powerOff completed").isFalse();
        assertThat(await(driver.status(ctx(), endpoint))).isEqualTo(PowerStatus.OFF);
        await(driver.powerOff(ctx(), endpoint));

        await(driver.powerOn(ctx(), endpoint));
        assertThat(await(driver.status(ctx(), endpoint))).isEqualTo(PowerStatus.ON);
        assertThat(hostRuns()).isTrue();
        await(driver.powerOn(ctx(), endpoint));
    }

    @Test
    void refusedCredentialsAreUnauthorizedAndSwitchNothing() throws Exception {
        FenceEndpoint wrong = wrongPassword(endpoint);
        assertThatThrownBy(() -> await(driver.status(ctx(), wrong)))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.UNAUTHORIZED))
                .satisfies(e -> assertThat(e.getCause().getMessage()).doesNotContain(wrong.password()));
        assertThatThrownBy(() -> await(driver.powerOff(ctx(), wrong)))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.UNAUTHORIZED));
        assertThat(hostRuns()).isTrue();
    }

    @Test
    void aSilentControllerIsUnreachableByTheDeadline() throws Exception {
        FenceEndpoint silent = silentEndpoint();
        Duration deadline = Duration.ofSeconds(4);
        long start = System.nanoTime();
        assertThatThrownBy(() -> await(driver.powerOff(ctx(deadline), silent)))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.UNREACHABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(deadline.plus(DEADLINE_SLACK));
    }
}
