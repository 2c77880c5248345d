package org.ovm.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;

import org.junit.jupiter.api.Test;

class EdgeSettingsTest {

    @Test
    void defaultsLimitEveryClientButTheMachineItself() {
        EdgeSettings settings = new EdgeSettings();
        assertThat(settings.maxConnectionsPerClient()).isEqualTo(64);
        assertThat(settings.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(settings.unlimited("127.0.0.1")).isTrue();
        assertThat(settings.unlimited("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(settings.unlimited("127.0.0.2")).isFalse();
        assertThat(settings.unlimited("10.0.0.1")).isFalse();
    }

    @Test
    void theConfigurationChangesThemAndNonsenseKeepsTheDefaults() {
        EdgeSettings settings = new EdgeSettings();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("maxConnectionsPerClient", "8");
        properties.put("maxBodyBytes", "12");
        properties.put("unlimitedClients", "10.0.0.9, ::1");
        settings.updated(properties);
        assertThat(settings.maxConnectionsPerClient()).isEqualTo(8);
        assertThat(settings.maxBodyBytes()).as("below the 1 KiB floor").isEqualTo(1024 * 1024);
        assertThat(settings.unlimited("10.0.0.9")).isTrue();
        assertThat(settings.unlimited("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(settings.unlimited("127.0.0.1")).isFalse();
    }
}
