package org.ovm.plugin.kvm.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.jna.SizeT;
import org.ovm.lib.libvirt.LibvirtConnections;
import org.ovm.lib.libvirt.LibvirtErrors;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.common.HostEndpoint;
import org.ovm.spi.common.OperationContext;
import org.ovm.spi.hypervisor.TerminalSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;

/**
 * A domain's serial console: {@code virDomainOpenConsole} on a non-blocking libvirt stream over a
 * connection of its own, served by one thread that alone touches the stream.
 *
 * <p>libvirt-java 0.5.4 has no binding for {@code virDomainOpenConsole}, and its {@code Stream}
 * mishandles a non-blocking read that finds nothing (-2), so the stream calls are bound here
 * directly ({@link Api}) on the pointers of libvirt-java's connection and domain. A remote libvirt
 * client reads its socket only while a call is in progress (no event loop runs in the engine): the
 * thread makes a cheap call ({@code virDomainIsActive}, which also notices a stopped guest) after
 * each batch, or after {@link #POLL_MILLIS} when nothing moved, then takes what arrived with
 * non-blocking reads.
 * Keystrokes are queued by {@link #write} and sent by the same thread, so the stream is never used
 * from two threads and closing it cannot race a read. libvirt allows one console stream per port:
 * the port is opened with {@code VIR_DOMAIN_CONSOLE_FORCE}, taking it over from any other client
 * (another browser, {@code virsh console}), whose stream libvirt then ends.
 */
final class KvmSerialConsole implements TerminalSupport.Session {

    private static final Logger LOG = LoggerFactory.getLogger(KvmSerialConsole.class);

    /** Idle pause between two reads of the connection: keystroke echo latency at most this. */
    static final long POLL_MILLIS = 40;
    /** {@code VIR_STREAM_NONBLOCK}. */
    private static final int STREAM_NONBLOCK = 1;
    /** {@code VIR_DOMAIN_CONSOLE_FORCE}: take the port over from another client. */
    private static final int CONSOLE_FORCE = 1;
    /** Largest chunk read at once. */
    private static final int CHUNK = 16 * 1024;
    /**
     * Most serial consoles open at once through one driver: each holds a thread of the kernel's
     * executor (shared with every task) for as long as it is open.
     */
    static final int MAX_OPEN = 16;

    /** The libvirt calls libvirt-java 0.5.4 lacks or gets wrong for non-blocking streams. */
    interface Api extends com.sun.jna.Library {
        Pointer virStreamNew(Pointer connect, int flags);

        int virDomainOpenConsole(Pointer domain, String device, Pointer stream, int flags);

        int virStreamRecv(Pointer stream, byte[] data, SizeT length);

        int virStreamSend(Pointer stream, byte[] data, SizeT length);

        int virStreamAbort(Pointer stream);

        int virStreamFree(Pointer stream);

        String virGetLastErrorMessage();
    }

    private static final class Holder {
        static final Api API = Native.load("virt", Api.class);
    }

    private final Connect connect;
    private final Domain domain;
    private final String name;
    private final Pointer stream;
    private final Consumer<byte[]> output;
    private final Instant deadline;
    private final Semaphore slots;
    private final Queue<byte[]> input = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean closing;
    /** What the stream did not take yet (the serving thread's own). */
    private byte[] pending;

    private KvmSerialConsole(Connect connect, Domain domain, Pointer stream, Consumer<byte[]> output,
            Instant deadline, Semaphore slots) throws LibvirtException {
        this.connect = connect;
        this.domain = domain;
        this.name = domain.getName();
        this.stream = stream;
        this.output = output;
        this.deadline = deadline;
        this.slots = slots;
    }

    /**
     * Opens the first serial port (or console) of a running domain and starts the thread that
     * serves it, on the kernel's executor, holding one of {@code slots} while it is open (none
     * free: {@code CONFLICT}); see {@link org.ovm.spi.hypervisor.SerialConsoleSupport}.
     */
    static CompletionStage<TerminalSupport.Session> open(OperationContext ctx, HostEndpoint host, String backendId,
            Consumer<byte[]> output, Semaphore slots) {
        return CompletableFuture.supplyAsync(() -> {
            if (!slots.tryAcquire()) {
                throw new DriverException(ErrorCode.CONFLICT, MAX_OPEN + " serial consoles are open through this "
                        + "engine: close one and try again");
            }
            Connect connect = null;
            try {
                connect = LibvirtConnections.openUnshared(host);
                KvmSerialConsole console = attach(connect, backendId, output, ctx.deadline(), slots);
                ctx.executor().execute(console::serve);
                return (TerminalSupport.Session) console;
            } catch (LibvirtException e) {
                closeQuietly(connect);
                slots.release();
                throw LibvirtErrors.translate("open the serial console of " + backendId, host.uri(), e);
            } catch (RuntimeException e) {
                closeQuietly(connect);
                slots.release();
                throw e;
            }
        }, ctx.executor());
    }

    private static KvmSerialConsole attach(Connect connect, String backendId, Consumer<byte[]> output,
            Instant deadline, Semaphore slots) throws LibvirtException {
        Domain domain;
        try {
            domain = connect.domainLookupByUUIDString(backendId);
        } catch (LibvirtException e) {
            if (LibvirtErrors.isMissingDomain(e)) {
                throw new DriverException(ErrorCode.NOT_FOUND, "no domain " + backendId + " on the host");
            }
            throw e;
        }
        if (domain.isActive() == 0) {
            throw new DriverException(ErrorCode.CONFLICT, "domain " + domain.getName()
                    + " is not running: start it to open its serial console");
        }
        if (!DomainXml.hasSerialPort(domain.getXMLDesc(0))) {
            throw new DriverException(ErrorCode.INVALID, "domain " + domain.getName() + " has no serial port");
        }
        Api api = Holder.API;
        Pointer stream = api.virStreamNew(pointer(connect, Connect.class, "vcp"), STREAM_NONBLOCK);
        if (stream == null) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "libvirt could not create a stream: "
                    + api.virGetLastErrorMessage());
        }
        if (api.virDomainOpenConsole(pointer(domain, Domain.class, "vdp"), null, stream, CONSOLE_FORCE) < 0) {
            String message = api.virGetLastErrorMessage();
            api.virStreamFree(stream);
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "libvirt could not open the serial console of "
                    + domain.getName() + ": " + message);
        }
        LOG.info("serial console of domain {} opened", domain.getName());
        return new KvmSerialConsole(connect, domain, stream, output, deadline, slots);
    }

    /** The thread of the session: moves bytes both ways until the stream ends or the session closes. */
    private void serve() {
        String end = "closed";
        try {
            byte[] buffer = new byte[CHUNK];
            while (!closing) {
                if (Instant.now().isAfter(deadline)) {
                    end = "its time is up";
                    break;
                }
                if (!(sendQueued() | receive(buffer))) {
                    Thread.sleep(POLL_MILLIS); // idle: wait a little; busy: read on at once
                }
                // a call on the connection reads what the guest sent meanwhile; a stopped guest ends the session
                if (domain.isActive() == 0) {
                    end = "the guest stopped";
                    break;
                }
            }
        } catch (EndOfStream e) {
            end = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end = "interrupted";
        } catch (LibvirtException | RuntimeException e) {
            end = "failed: " + e.getMessage();
        } finally {
            release();
            slots.release();
            LOG.info("serial console of domain {} ended: {}", name, end);
            closed.complete(null);
        }
    }

    /** Reads what has arrived; true if anything did. */
    private boolean receive(byte[] buffer) {
        boolean moved = false;
        for (;;) {
            int n = Holder.API.virStreamRecv(stream, buffer, new SizeT(buffer.length));
            if (n > 0) {
                output.accept(Arrays.copyOf(buffer, n));
                moved = true;
            } else if (n == -2) {
                return moved;
            } else if (n == 0) {
                throw new EndOfStream("the guest closed the serial port");
            } else {
                // libvirt ends the stream with an I/O error when another client takes the port over
                throw new EndOfStream("the stream ended (another client took the port over?): "
                        + Holder.API.virGetLastErrorMessage());
            }
        }
    }

    /** Sends queued keystrokes as far as the stream takes them now; true if anything went. */
    private boolean sendQueued() {
        boolean moved = false;
        for (;;) {
            if (pending == null && (pending = input.poll()) == null) {
                return moved;
            }
            int n = Holder.API.virStreamSend(stream, pending, new SizeT(pending.length));
            if (n == -2) {
                return moved;
            }
            if (n < 0) {
                throw new EndOfStream("sending failed: " + Holder.API.virGetLastErrorMessage());
            }
            pending = n < pending.length ? Arrays.copyOfRange(pending, n, pending.length) : null;
            moved = true;
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        if (closing || closed.isDone()) {
            throw new IOException("the serial console is closed");
        }
        if (data.length > 0) {
            input.add(data.clone());
        }
    }

    /** A serial line carries no window size. */
    @Override
    public void resize(int columns, int rows) {
        // nothing to tell the guest
    }

    @Override
    public CompletionStage<Void> closed() {
        return closed;
    }

    /** Ends the session; the serving thread releases the stream and the connection within {@link #POLL_MILLIS}. */
    @Override
    public void close() {
        closing = true;
    }

    private void release() {
        Holder.API.virStreamAbort(stream);
        Holder.API.virStreamFree(stream);
        try {
            domain.free();
        } catch (LibvirtException e) {
            LOG.debug("freeing a domain: {}", e.getMessage());
        }
        closeQuietly(connect);
    }

    private static void closeQuietly(Connect connect) {
        if (connect == null) {
            return;
        }
        try {
            connect.close();
        } catch (LibvirtException e) {
            LOG.debug("closing a console connection: {}", e.getMessage());
        }
    }

    /** The native pointer inside a libvirt-java object (its fields are not public). */
    static Pointer pointer(Object owner, Class<?> type, String field) {
        try {
            Field f = type.getDeclaredField(field);
            f.setAccessible(true);
            return ((PointerType) f.get(owner)).getPointer();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new DriverException(ErrorCode.BACKEND_FAILURE, "this libvirt-java has no " + type.getSimpleName()
                    + "." + field + ": the KVM plugin needs libvirt-java 0.5.x", false, e);
        }
    }

    /** The stream ended (EOF, a take-over, an error); the message says how. */
    private static final class EndOfStream extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EndOfStream(String message) {
            super(message, null, false, false);
        }
    }
}
