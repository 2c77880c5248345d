package org.ovm.plugin.esxi.internal;

import java.util.HashMap;
import java.util.Map;

import org.ovm.spi.common.HostEndpoint;

/** The simulated ESXi hosts of {@code ./ovm backends up esxi}, from the environment it prints. */
final class EsxiBackend {

    private EsxiBackend() {
    }

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: start the ESXi simulator with './ovm backends up "
                    + "esxi' and export './ovm backends env' (./ovm test does both)");
        }
        return value;
    }

    /** Host 1, its certificate pinned. */
    static HostEndpoint host() {
        return host("esxi-test-1", env("ESXI_URL"), env("ESXI_PASSWORD"), Map.of("thumbprint", env("ESXI_THUMBPRINT")));
    }

    static HostEndpoint host(String id, String url, String password, Map<String, String> settings) {
        return new HostEndpoint(id, url, env("ESXI_USER"), password, new HashMap<>(settings));
    }
}
