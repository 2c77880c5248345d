package org.ovm.plugin.ipmifence.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.ovm.plugin.ipmifence.internal.IpmiCommand.Action;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.fence.FenceDriver;
import org.ovm.spi.fence.FenceEndpoint;
import org.ovm.spi.fence.PowerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FenceDriver} of type {@code ipmi}: runs {@code ipmitool chassis power status|off|on} against
 * the host's BMC over the network (IPMI over LAN), one process per call, each killed at the call's
 * deadline. A power change is confirmed by asking for the status until the BMC reports it, so
 * {@link #powerOff} completes only once the BMC says the power is off. Holds no state.
 */
public final class IpmiFenceDriver implements FenceDriver {

    /** This driver's {@link FenceDriver#TYPE}. */
    public static final String TYPE = "ipmi";

    private static final Logger LOG = LoggerFactory.getLogger(IpmiFenceDriver.class);

    private final CommandRunner runner;
    private final String ipmitool;
    private final Duration pollInterval;

    /** Blueprint: the ipmitool program (name or path) and the status poll interval in milliseconds. */
    public IpmiFenceDriver(String ipmitool, long pollMillis) {
        this(new ProcessRunner(), ipmitool, Duration.ofMillis(Math.max(100, pollMillis)));
    }

    IpmiFenceDriver(CommandRunner runner, String ipmitool, Duration pollInterval) {
        this.runner = runner;
        this.ipmitool = ipmitool == null || ipmitool.isBlank() ? "ipmitool" : ipmitool.strip();
        this.pollInterval = pollInterval;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CompletionStage<PowerStatus> status(OperationContext ctx, FenceEndpoint endpoint) {
        return CompletableFuture.supplyAsync(() -> statusNow(ctx, endpoint, "asking host " + endpoint.hostId()
                + "'s power status"), ctx.executor());
    }

    @Override
    public CompletionStage<Void> powerOff(OperationContext ctx, FenceEndpoint endpoint) {
        return CompletableFuture.runAsync(() -> change(ctx, endpoint, Action.OFF, PowerStatus.OFF), ctx.executor());
    }

    @Override
    public CompletionStage<Void> powerOn(OperationContext ctx, FenceEndpoint endpoint) {
        return CompletableFuture.runAsync(() -> change(ctx, endpoint, Action.ON, PowerStatus.ON), ctx.executor());
    }

    /** Sets the power and returns once the BMC reports {@code target}, or throws. */
    private void change(OperationContext ctx, FenceEndpoint endpoint, Action action, PowerStatus target) {
        String what = "powering " + action.word + " host " + endpoint.hostId();
        String bmc = bmc(endpoint);
        if (statusNow(ctx, endpoint, what) == target) {
            LOG.info("[{}] host {}: BMC {} reports the power already {}", ctx.correlationId(), endpoint.hostId(), bmc,
                    action.word);
            return;
        }
        LOG.info("[{}] host {}: powering {} through BMC {}", ctx.correlationId(), endpoint.hostId(), action.word, bmc);
        run(ctx, endpoint, action, what);
        long started = System.nanoTime();
        DriverException lastError = null;
        PowerStatus last = null;
        while (true) {
            Duration left = ctx.remaining();
            if (left.isZero()) {
                break;
            }
            sleep(left.compareTo(pollInterval) < 0 ? left : pollInterval);
            if (ctx.expired()) {
                break;
            }
            try {
                last = statusNow(ctx, endpoint, what);
                lastError = null;
                if (last == target) {
                    LOG.info("[{}] host {}: BMC {} reports the power {} after {}", ctx.correlationId(),
                            endpoint.hostId(), bmc, action.word,
                            IpmiOutput.seconds(Duration.ofNanos(System.nanoTime() - started)));
                    return;
                }
            } catch (DriverException e) {
                if (e.code() == ErrorCode.UNAUTHORIZED || e.code() == ErrorCode.INVALID
                        || e.code() == ErrorCode.UNSUPPORTED) {
                    throw e;
                }
                if (ctx.expired()) {
                    // the deadline passed between the check above and ipmitool: keep the BMC's last real answer
                    break;
                }
                // a BMC busy with the change may miss an answer: ask again until the deadline
                lastError = e;
            }
        }
        throw new DriverException(ErrorCode.TIMEOUT, what + ": the BMC at " + bmc + " accepted the power " + action.word
                + " but did not report it " + action.word + " within "
                + IpmiOutput.seconds(Duration.ofNanos(System.nanoTime() - started))
                + (lastError != null ? " (last answer: " + lastError.getMessage() + ")"
                        : " (it last reported " + (last == null ? "nothing" : last) + ")")
                + (target == PowerStatus.OFF ? "; the host may still be running: check it before restarting its instances"
                        : ""),
                true, lastError);
    }

    private PowerStatus statusNow(OperationContext ctx, FenceEndpoint endpoint, String what) {
        CommandRunner.Result result = run(ctx, endpoint, Action.STATUS, what);
        PowerStatus status = IpmiOutput.status(result.stdout());
        if (status == PowerStatus.UNKNOWN) {
            LOG.warn("[{}] host {}: BMC {} answered the power status with '{}'", ctx.correlationId(),
                    endpoint.hostId(), bmc(endpoint), result.stdout().strip());
        }
        return status;
    }

    private CommandRunner.Result run(OperationContext ctx, FenceEndpoint endpoint, Action action, String what) {
        IpmiCommand command = IpmiCommand.chassisPower(ipmitool, endpoint, action);
        Duration timeout = ctx.remaining();
        if (timeout.isZero()) {
            throw new DriverException(ErrorCode.TIMEOUT, what + ": the deadline passed before ipmitool could run", true,
                    null);
        }
        LOG.debug("[{}] {}", ctx.correlationId(), command);
        CommandRunner.Result result = runner.run(command.argv(), command.environment(), timeout);
        if (!result.ok()) {
            throw IpmiOutput.failure(what, bmc(endpoint), IpmiSettings.parse(endpoint.settings()), result, timeout);
        }
        return result;
    }

    private static String bmc(FenceEndpoint endpoint) {
        return endpoint.address().strip() + ":" + IpmiCommand.port(endpoint);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(ErrorCode.TIMEOUT, "interrupted while waiting for the BMC", true, e);
        }
    }
}
