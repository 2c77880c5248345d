package org.ovm.core.balance.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU load of instances over a window, from their cumulative CPU time ({@code StatsSupport}) sampled at each
 * balancing run: the busy cores of an instance are the CPU time it used between the oldest sample of the window and
 * the newest, divided by the time between them. Samples live in memory only (a restart starts a new window); a
 * counter that goes back (the instance restarted or moved: a new process) starts the instance's window again.
 *
 * <p>Test hook: when the system property {@value #TEST_LOAD_FILE} names a properties file, an instance whose name
 * is a key there is taken to use that many busy cores instead of what was measured (the file is read at each run).
 * Nothing sets the property in a distribution; the system tests use it to make load appear on demand.
 */
final class LoadWindow {

    static final String TEST_LOAD_FILE = "ovm.balance.testLoadFile";
    private static final long KEEP_MILLIS = 61 * 60_000L;
    private static final Logger LOG = LoggerFactory.getLogger(LoadWindow.class);

    private record Sample(long atMillis, long cpuNanos) {
    }

    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();

    void record(String instanceId, long atMillis, long cpuNanos) {
        Deque<Sample> window = samples.computeIfAbsent(instanceId, id -> new ArrayDeque<>());
        synchronized (window) {
            Sample last = window.peekLast();
            if (last != null && (cpuNanos < last.cpuNanos() || atMillis <= last.atMillis())) {
                window.clear();
            }
            window.addLast(new Sample(atMillis, cpuNanos));
            while (window.size() > 1 && window.peekFirst().atMillis() < atMillis - KEEP_MILLIS) {
                window.removeFirst();
            }
        }
    }

    /** Busy cores over the last {@code windowMinutes}; null when fewer than two samples fall in it. */
    Double cores(String instanceId, int windowMinutes, long nowMillis) {
        Deque<Sample> window = samples.get(instanceId);
        if (window == null) {
            return null;
        }
        synchronized (window) {
            Sample newest = window.peekLast();
            Sample oldest = window.stream().filter(s -> s.atMillis() >= nowMillis - windowMinutes * 60_000L)
                    .findFirst().orElse(null);
            if (newest == null || oldest == null || newest.atMillis() <= oldest.atMillis()) {
                return null;
            }
            return (newest.cpuNanos() - oldest.cpuNanos()) / 1e6 / (newest.atMillis() - oldest.atMillis());
        }
    }

    /** Forgets instances that are gone. */
    void retain(java.util.Set<String> instanceIds) {
        samples.keySet().retainAll(instanceIds);
    }

    /** The test hook's loads by instance name (empty unless {@value #TEST_LOAD_FILE} is set). */
    static Map<String, Double> testLoads() {
        String file = System.getProperty(TEST_LOAD_FILE);
        if (file == null || file.isBlank() || !Files.exists(Path.of(file))) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            properties.load(reader);
        } catch (IOException e) {
            LOG.warn("Cannot read the balancing test load file {}", file, e);
            return Map.of();
        }
        Map<String, Double> loads = new ConcurrentHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            try {
                loads.put(name, Double.parseDouble(properties.getProperty(name).trim()));
            } catch (NumberFormatException e) {
                LOG.warn("Balancing test load file {}: {} = {} is not a number of cores", file, name,
                        properties.getProperty(name));
            }
        }
        return loads;
    }
}
