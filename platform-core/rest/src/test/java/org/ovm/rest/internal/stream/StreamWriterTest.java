package org.ovm.rest.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import javax.servlet.AsyncContext;
import javax.servlet.ServletOutputStream;
import javax.servlet.ServletResponse;
import javax.servlet.WriteListener;

import org.junit.jupiter.api.Test;
import org.ovm.core.Caller;
import org.ovm.core.Role;
import org.ovm.spi.engine.EngineEvent;

class StreamWriterTest {

    /** An async request whose response body is captured, or fails once {@code broken} is set. */
    private static final class FakeRequest {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final AtomicBoolean completed = new AtomicBoolean();
        final AtomicBoolean broken = new AtomicBoolean();
        final AsyncContext context;

        FakeRequest() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    if (broken.get()) {
                        throw new IOException("connection reset");
                    }
                    synchronized (body) {
                        body.write(b);
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            ServletResponse response = (ServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServletResponse.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getOutputStream")) {
                            return out;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            context = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getResponse" -> response;
                        case "complete" -> {
                            completed.set(true);
                            yield null;
                        }
                        case "addListener" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        String text() {
            synchronized (body) {
                return body.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static EngineEvent event(String id, String vdcId) {
        return new EngineEvent(id, Instant.EPOCH, "instance/created", "r1", "alice", "m", Map.of("vdcId", vdcId));
    }

    @Test
    void eventsReachTheStreamsThatMaySeeThemWithoutARequestThread() throws Exception {
        EventStream events = new EventStream();
        StreamWriter writer = new StreamWriter(events);
        try {
            FakeRequest alice = new FakeRequest();
            FakeRequest bob = new FakeRequest();
            writer.start(alice.context, new Caller("alice", Role.USER, "vdc-a"));
            writer.start(bob.context, new Caller("bob", Role.USER, "vdc-b"));
            await(() -> alice.text().contains(": connected") && bob.text().contains(": connected"));
            for (int i = 0; i < 100; i++) {
                events.onEvent(event("a" + i, "vdc-a"));
            }
            events.onEvent(event("b0", "vdc-b"));
            await(() -> alice.text().contains("\"id\":\"a99\"") && bob.text().contains("\"id\":\"b0\""));
            assertThat(alice.text()).doesNotContain("\"id\":\"b0\"").startsWith("retry: 5000\n");
            assertThat(alice.text().split("event: ", -1)).as("every event once, in order").hasSize(101);
            assertThat(alice.text().indexOf("\"a10\"")).isLessThan(alice.text().indexOf("\"a11\""));
            assertThat(bob.text()).doesNotContain("\"id\":\"a0\"");
            assertThat(writer.open()).isEqualTo(2);
        } finally {
            writer.close();
        }
    }

    @Test
    void aClientThatIsGoneIsUnsubscribedAtTheNextWrite() throws Exception {
        EventStream events = new EventStream();
        StreamWriter writer = new StreamWriter(events);
        try {
            FakeRequest gone = new FakeRequest();
            writer.start(gone.context, Caller.SYSTEM);
            await(() -> gone.text().contains(": connected"));
            gone.broken.set(true);
            events.onEvent(event("e1", "vdc-a"));
            await(() -> gone.completed.get());
            assertThat(writer.open()).isZero();
            assertThat(events.subscribers()).isZero();
        } finally {
            writer.close();
        }
    }
}
