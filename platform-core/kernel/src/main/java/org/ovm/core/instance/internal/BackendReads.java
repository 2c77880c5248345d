package org.ovm.core.instance.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.ovm.core.Caller;
import org.ovm.core.OvmException;
import org.ovm.core.console.ConsoleView;
import org.ovm.core.console.TerminalSession;
import org.ovm.core.host.internal.HostAccess;
import org.ovm.core.instance.InstanceLogs;
import org.ovm.core.instance.StatsView;
import org.ovm.core.internal.inventory.HostEntity;
import org.ovm.core.internal.inventory.InstanceEntity;
import org.ovm.core.internal.support.Ids;
import org.ovm.core.plugin.internal.DriverRegistry;
import org.ovm.core.task.internal.Failures;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.ConsoleEndpoint;
import org.ovm.spi.hypervisor.ConsoleSupport;
import org.ovm.spi.hypervisor.HypervisorDriver;
import org.ovm.spi.hypervisor.ImageSupport;
import org.ovm.spi.hypervisor.InstanceStats;
import org.ovm.spi.hypervisor.LogQuery;
import org.ovm.spi.hypervisor.LogSupport;
import org.ovm.spi.hypervisor.SerialConsoleSupport;
import org.ovm.spi.hypervisor.StatsSupport;
import org.ovm.spi.hypervisor.TerminalSupport;

/**
 * Synchronous reads from an instance's hypervisor that answer an API call directly (console
 * endpoint, statistics): bounded by {@link #READ_TIMEOUT}, failures turned into API errors.
 */
public final class BackendReads {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final InstanceRows rows;
    private final DriverRegistry<HypervisorDriver> drivers;
    private final HostAccess access;
    private final Executor executor;

    public BackendReads(InstanceRows rows, DriverRegistry<HypervisorDriver> drivers, HostAccess access,
            Executor executor) {
        this.rows = rows;
        this.drivers = drivers;
        this.access = access;
        this.executor = executor;
    }

    /** A console about to be opened through the proxy: where it is and its one-time password, if any. */
    public record OpenedConsole(ConsoleView view, String password) {
        @Override
        public String toString() {
            return "OpenedConsole[" + view + ", password=" + (password == null ? "none" : "***") + "]";
        }
    }

    /**
     * The console of a visible running instance; {@code open} asks the driver for a fresh one-time
     * password ({@link ConsoleSupport#openConsole}).
     */
    public OpenedConsole console(Caller caller, String id, boolean open) {
        InstanceEntity instance = rows.visible(caller, id);
        HostEntity host = rows.host(instance);
        var driver = drivers.require(host.getType());
        if (!(driver instanceof ConsoleSupport console) || instance.getBackendId() == null) {
            throw OvmException.invalid(null, host.getType() + " instances have no console");
        }
        OperationContext ctx = readContext(caller);
        ConsoleEndpoint endpoint = read(open ? console.openConsole(ctx, access.endpoint(host), instance.getBackendId())
                : console.console(ctx, access.endpoint(host), instance.getBackendId()));
        return new OpenedConsole(new ConsoleView(endpoint.protocol(), endpoint.host(), endpoint.port(),
                URI.create(host.getUri()).getHost(), endpoint.serialLog()), endpoint.password());
    }

    /** The instance's current counters, read from its hypervisor. */
    public StatsView stats(Caller caller, String id) {
        InstanceEntity instance = rows.visible(caller, id);
        HostEntity host = rows.host(instance);
        var driver = drivers.require(host.getType());
        if (!(driver instanceof StatsSupport stats) || instance.getBackendId() == null) {
            throw OvmException.invalid(null, host.getType() + " instances report no statistics");
        }
        InstanceStats s = read(stats.stats(readContext(caller), access.endpoint(host), instance.getBackendId()));
        return new StatsView(s.at().toString(), s.cpuTimeNanos(), s.memoryMiB(), s.diskReadBytes(),
                s.diskWriteBytes(), s.netRxBytes(), s.netTxBytes());
    }

    /** The longest a log read without follow may take. */
    static final Duration LOG_TIMEOUT = Duration.ofSeconds(120);

    /** A visible instance's output, checked: 400 for a bad parameter or a hypervisor without logs. */
    public InstanceLogs logs(Caller caller, String id, Integer tail, String since, boolean follow) {
        InstanceEntity instance = rows.visible(caller, id);
        HostEntity host = rows.host(instance);
        var driver = drivers.require(host.getType());
        if (!(driver instanceof LogSupport logs) || instance.getBackendId() == null) {
            throw OvmException.invalid(null, host.getType() + " instances keep no logs");
        }
        if (tail != null && (tail < 0 || tail > 100_000)) {
            throw OvmException.invalid("tail", "tail must be 0..100000 lines");
        }
        LogQuery query = new LogQuery(tail, Since.parse(since, Instant.now()), follow, false);
        HostEndpoint endpoint = access.endpoint(host);
        String backendId = instance.getBackendId();
        return out -> {
            OperationContext ctx = new OperationContext("logs-" + Ids.newId(),
                    follow ? Instant.now().plus(Duration.ofDays(365)) : Instant.now().plus(LOG_TIMEOUT),
                    caller.username(), executor);
            CompletableFuture<Void> done = logs.logs(ctx, endpoint, backendId, query, out).toCompletableFuture();
            try {
                if (follow) {
                    done.get();
                } else {
                    done.get(LOG_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (ExecutionException e) {
                throw new java.io.IOException("reading the logs failed: " + Failures.message(e), e);
            } catch (TimeoutException e) {
                done.cancel(true);
                throw new java.io.IOException("the host did not send the logs within " + LOG_TIMEOUT.toSeconds() + " s");
            } catch (InterruptedException e) {
                done.cancel(true);
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Checks that a visible instance's hypervisor offers terminals (400 if not). */
    public void requireTerminal(Caller caller, String id) {
        InstanceEntity instance = rows.visible(caller, id);
        HostEntity host = rows.host(instance);
        HypervisorDriver driver = drivers.require(host.getType());
        if (!(driver instanceof TerminalSupport) || instance.getBackendId() == null) {
            throw OvmException.invalid(null, host.getType() + " instances have no terminal"
                    + (driver instanceof SerialConsoleSupport ? ": open the serial console instead" : ""));
        }
    }

    /** Opens a terminal in an instance a ticket was issued for (its caller was checked then). */
    public TerminalSession openTerminal(String id, String username, List<String> command, int columns, int rows,
            Consumer<byte[]> output) {
        InstanceEntity instance = this.rows.find(id);
        HostEntity host = this.rows.host(instance);
        if (!(drivers.require(host.getType()) instanceof TerminalSupport terminals)) {
            throw OvmException.invalid(null, host.getType() + " instances have no terminal");
        }
        OperationContext ctx = new OperationContext("terminal-" + Ids.newId(), Instant.now().plus(Duration.ofDays(1)),
                username, executor);
        return adapt(read(terminals.openTerminal(ctx, access.endpoint(host), instance.getBackendId(), command, columns,
                rows, output)));
    }

    /** Checks that a visible instance's hypervisor offers serial consoles (400 if not). */
    public void requireSerialConsole(Caller caller, String id) {
        InstanceEntity instance = rows.visible(caller, id);
        HostEntity host = rows.host(instance);
        HypervisorDriver driver = drivers.require(host.getType());
        if (!(driver instanceof SerialConsoleSupport) || instance.getBackendId() == null) {
            throw OvmException.invalid(null, host.getType() + " instances have no serial console"
                    + (driver instanceof TerminalSupport ? ": open a terminal instead" : ""));
        }
    }

    /** Opens the serial console of an instance a ticket was issued for (its caller was checked then). */
    public TerminalSession openSerialConsole(String id, String username, Consumer<byte[]> output) {
        InstanceEntity instance = this.rows.find(id);
        HostEntity host = this.rows.host(instance);
        if (!(drivers.require(host.getType()) instanceof SerialConsoleSupport serial)) {
            throw OvmException.invalid(null, host.getType() + " instances have no serial console");
        }
        OperationContext ctx = new OperationContext("serial-" + Ids.newId(), Instant.now().plus(Duration.ofDays(1)),
                username, executor);
        return adapt(read(serial.openSerialConsole(ctx, access.endpoint(host), instance.getBackendId(), output)));
    }

    private static TerminalSession adapt(TerminalSupport.Session session) {
        return new TerminalSession() {
            @Override
            public void write(byte[] data) throws java.io.IOException {
                session.write(data);
            }

            @Override
            public void resize(int c, int r) {
                session.resize(c, r);
            }

            @Override
            public CompletionStage<Void> closed() {
                return session.closed();
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    /** Whether an image is on a host, asked of its driver (for creates, which refuse a missing image). */
    public boolean imagePresent(HostEntity host, ImageSupport driver, String reference) {
        return read(driver.findImage(readContext(Caller.SYSTEM), access.endpoint(host), reference)).isPresent();
    }

    private OperationContext readContext(Caller caller) {
        return new OperationContext("read-" + Ids.newId(), Instant.now().plus(READ_TIMEOUT), caller.username(),
                executor);
    }

    /** Waits for a read-only backend call, turning its failure into the matching API error. */
    private static <T> T read(CompletionStage<T> stage) {
        return Failures.await(stage, READ_TIMEOUT);
    }
}
