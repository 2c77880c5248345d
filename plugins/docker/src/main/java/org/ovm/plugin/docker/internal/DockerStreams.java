package org.ovm.plugin.docker.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.InstanceStats;
import org.ovm.spi.hypervisor.LogQuery;
import org.ovm.spi.hypervisor.TerminalSupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.BlkioStatEntry;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Statistics;

/** What streams out of a container: its logs, its counters and an exec'd terminal. */
final class DockerStreams {

    private final Engines engines;

    DockerStreams(Engines engines) {
        this.engines = engines;
    }

    CompletionStage<Void> logs(OperationContext ctx, HostEndpoint host, String id, LogQuery query, OutputStream out) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            try {
                DockerClient docker = engines.of(host).streams();
                var cmd = docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                        .withFollowStream(query.follow()).withTimestamps(query.timestamps());
                if (query.tail() != null) {
                    cmd.withTail(query.tail());
                } else {
                    cmd.withTailAll();
                }
                if (query.since() != null) {
                    cmd.withSince((int) query.since().getEpochSecond());
                }
                ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        try {
                            out.write(frame.getPayload());
                            out.flush();
                        } catch (IOException e) {
                            // the reader went away: stop following
                            try {
                                close();
                            } catch (IOException ignored) {
                                // closing a finished stream
                            }
                        }
                    }
                };
                done.whenComplete((v, e) -> {
                    if (done.isCancelled()) {
                        try {
                            callback.close();
                        } catch (IOException ignored) {
                            // already closed
                        }
                    }
                });
                cmd.exec(callback).awaitCompletion();
                done.complete(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.completeExceptionally(new DriverException(ErrorCode.TIMEOUT, "reading logs was interrupted"));
            } catch (RuntimeException e) {
                done.completeExceptionally(DockerErrors.translate("reading the logs of " + id, e));
            }
        });
        return done;
    }

    CompletionStage<InstanceStats> stats(OperationContext ctx, HostEndpoint host, String id) {
        return Async.call(ctx, "reading the counters of " + id, () -> {
            DockerClient docker = engines.of(host).api();
            InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
            if (c.getState() == null || !Boolean.TRUE.equals(c.getState().getRunning())) {
                return new InstanceStats(Instant.now(), 0, 0, 0, 0, 0, 0);
            }
            Statistics s = docker.statsCmd(id).withNoStream(true).exec(new StatsCallback()).first();
            long cpu = s.getCpuStats() != null && s.getCpuStats().getCpuUsage() != null
                    && s.getCpuStats().getCpuUsage().getTotalUsage() != null
                            ? s.getCpuStats().getCpuUsage().getTotalUsage() : 0;
            long memory = s.getMemoryStats() != null && s.getMemoryStats().getUsage() != null
                    ? s.getMemoryStats().getUsage() / (1024 * 1024) : 0;
            long rx = 0;
            long tx = 0;
            if (s.getNetworks() != null) {
                for (var n : s.getNetworks().values()) {
                    rx += n.getRxBytes() == null ? 0 : n.getRxBytes();
                    tx += n.getTxBytes() == null ? 0 : n.getTxBytes();
                }
            }
            long read = 0;
            long write = 0;
            if (s.getBlkioStats() != null && s.getBlkioStats().getIoServiceBytesRecursive() != null) {
                for (BlkioStatEntry e : s.getBlkioStats().getIoServiceBytesRecursive()) {
                    long v = e.getValue() == null ? 0 : e.getValue();
                    if ("read".equalsIgnoreCase(e.getOp())) {
                        read += v;
                    } else if ("write".equalsIgnoreCase(e.getOp())) {
                        write += v;
                    }
                }
            }
            return new InstanceStats(Instant.now(), cpu, memory, read, write, rx, tx);
        });
    }

    CompletionStage<TerminalSupport.Session> terminal(OperationContext ctx, HostEndpoint host, String id,
            List<String> command, int columns, int rows, Consumer<byte[]> output) {
        return Async.call(ctx, "opening a terminal in " + id, () -> {
            DockerClient docker = engines.of(host).streams();
            InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
            if (c.getState() == null || !Boolean.TRUE.equals(c.getState().getRunning())) {
                throw new DriverException(ErrorCode.CONFLICT, "the container is not running: start it first");
            }
            String execId = docker.execCreateCmd(id).withAttachStdin(true).withAttachStdout(true)
                    .withAttachStderr(true).withTty(true).withEnv(List.of("TERM=xterm-256color"))
                    .withCmd(command.toArray(new String[0])).exec().getId();
            PipedOutputStream keys = new PipedOutputStream();
            PipedInputStream stdin;
            try {
                stdin = new PipedInputStream(keys, 64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CompletableFuture<Void> closed = new CompletableFuture<>();
            ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    output.accept(frame.getPayload());
                }

                @Override
                public void onComplete() {
                    super.onComplete();
                    closed.complete(null);
                }

                @Override
                public void onError(Throwable throwable) {
                    super.onError(throwable);
                    closed.complete(null);
                }
            };
            docker.execStartCmd(execId).withTty(true).withStdIn(stdin).exec(callback);
            Session session = new Session(docker, execId, keys, callback, closed);
            session.resize(columns, rows);
            return session;
        });
    }

    /** An exec with a TTY: keystrokes go through a pipe the transport reads from. */
    private static final class Session implements TerminalSupport.Session {
        private final DockerClient docker;
        private final String execId;
        private final PipedOutputStream keys;
        private final ResultCallback.Adapter<Frame> callback;
        private final CompletableFuture<Void> closed;

        Session(DockerClient docker, String execId, PipedOutputStream keys, ResultCallback.Adapter<Frame> callback,
                CompletableFuture<Void> closed) {
            this.docker = docker;
            this.execId = execId;
            this.keys = keys;
            this.callback = callback;
            this.closed = closed;
        }

        @Override
        public void write(byte[] data) throws IOException {
            keys.write(data);
            keys.flush();
        }

        @Override
        public void resize(int columns, int rows) {
            if (columns < 1 || rows < 1) {
                return;
            }
            try {
                docker.resizeExecCmd(execId).withSize(rows, columns).exec();
            } catch (RuntimeException e) {
                // the process may not have started yet, or ended: the next resize will do
            }
        }

        @Override
        public CompletionStage<Void> closed() {
            return closed;
        }

        @Override
        public void close() {
            try {
                keys.close();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                callback.close();
            } catch (IOException ignored) {
                // already closed
            }
            closed.complete(null);
        }
    }

    /** Takes the one sample of a non-streaming stats call. */
    private static final class StatsCallback extends ResultCallback.Adapter<Statistics> {
        private final CompletableFuture<Statistics> first = new CompletableFuture<>();

        @Override
        public void onNext(Statistics s) {
            first.complete(s);
        }

        @Override
        public void onError(Throwable throwable) {
            first.completeExceptionally(throwable);
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            first.completeExceptionally(new DriverException(ErrorCode.BACKEND_FAILURE, "the engine sent no counters"));
            super.onComplete();
        }

        Statistics first() {
            try {
                return first.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new DriverException(ErrorCode.TIMEOUT, "the engine sent no counters within 30 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DriverException(ErrorCode.TIMEOUT, "interrupted");
            }
        }
    }
}
