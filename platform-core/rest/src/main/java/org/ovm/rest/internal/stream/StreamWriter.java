package org.ovm.rest.internal.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;

import org.ovm.core.Caller;
import org.ovm.spi.engine.EngineEvent;

/**
 * Sends the open event streams what is queued for them, from a few threads of its own: an open
 * stream holds no request thread (Servlet async), so open portal tabs cannot starve the API of
 * Jetty's threads. Each stream is written by one thread at a time; a keepalive comment every
 * {@link #KEEPALIVE_SECONDS} s keeps proxies from closing it and finds clients that are gone.
 */
public final class StreamWriter {

    static final int KEEPALIVE_SECONDS = 15;
    /** Writers: a client that stops reading can hold one until its connection times out. */
    private static final int THREADS = 4;

    private final EventStream events;
    private final ExecutorService writers;
    private final ScheduledExecutorService keepalive;
    private final Map<EventStream.Subscriber, Open> open = new ConcurrentHashMap<>();

    public StreamWriter(EventStream events) {
        this.events = events;
        this.writers = Executors.newFixedThreadPool(THREADS, threads("ovm-event-stream"));
        this.keepalive = Executors.newSingleThreadScheduledExecutor(threads("ovm-event-keepalive"));
        keepalive.scheduleAtFixedRate(() -> open.values().forEach(Open::keepalive), KEEPALIVE_SECONDS,
                KEEPALIVE_SECONDS, TimeUnit.SECONDS);
    }

    /** Starts streaming to an async request whose headers are set; returns at once. */
    public void start(AsyncContext context, Caller caller) {
        Open stream = new Open(context);
        stream.subscriber = events.subscribe(caller, stream::wake);
        open.put(stream.subscriber, stream);
        context.addListener(stream);
        stream.send("retry: 5000\n: connected\n\n");
    }

    int open() {
        return open.size();
    }

    public void close() {
        keepalive.shutdownNow();
        writers.shutdownNow();
        open.values().forEach(Open::end);
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One open stream. */
    private final class Open implements AsyncListener {
        private final AsyncContext context;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile boolean keepaliveDue;
        private volatile String greeting;
        EventStream.Subscriber subscriber;

        Open(AsyncContext context) {
            this.context = context;
        }

        void send(String first) {
            greeting = first;
            wake();
        }

        void keepalive() {
            keepaliveDue = true;
            wake();
        }

        void wake() {
            if (!ended.get() && scheduled.compareAndSet(false, true)) {
                try {
                    writers.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    end();
                }
            }
        }

        private void drain() {
            if (subscriber == null) {
                scheduled.set(false); // woken while subscribing: the greeting's wake sends it all
                return;
            }
            try {
                OutputStream out = context.getResponse().getOutputStream();
                StringBuilder batch = new StringBuilder();
                if (greeting != null) {
                    batch.append(greeting);
                    greeting = null;
                }
                for (EngineEvent event = subscriber.queue().poll(); event != null;
                        event = subscriber.queue().poll()) {
                    batch.append(EventStream.format(event));
                }
                if (keepaliveDue) {
                    keepaliveDue = false;
                    if (batch.isEmpty()) {
                        batch.append(": keepalive\n\n");
                    }
                }
                if (!batch.isEmpty()) {
                    out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException | IllegalStateException e) {
                end(); // the client is gone
            } finally {
                scheduled.set(false);
            }
            if (!subscriber.queue().isEmpty() || keepaliveDue) {
                wake();
            }
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                open.remove(subscriber);
                events.unsubscribe(subscriber);
                try {
                    context.complete();
                } catch (IllegalStateException e) {
                    // already completed by the container
                }
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            end();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end();
        }

        @Override
        public void onError(AsyncEvent event) {
            end();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
