package org.ovm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KernelConfigTest {

    @Test
    void defaultsWhenNothingIsSet() {
        KernelConfig config = KernelConfig.of(key -> null);
        assertThat(config).isEqualTo(new KernelConfig(Duration.ofSeconds(600), Duration.ofSeconds(300),
                Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30), 32,
                KernelConfig.LoginLimits.DEFAULT, 8, Duration.ofSeconds(60)));
    }

    @Test
    void theBackupSchedulerPeriodIsConfigurable() {
        assertThat(KernelConfig.of(Map.<String, Object>of("backup.scheduler.seconds", "2")::get)
                .backupSchedulerPeriod()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theStorageProbePeriodIsConfigurable() {
        assertThat(KernelConfig.of(Map.<String, Object>of("storage.probe.seconds", "2")::get).storageProbePeriod())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void lockoutAndPasswordLengthAreConfigurableWithinReason() {
        KernelConfig config = KernelConfig.of(Map.<String, Object>of("login.freeFailures", "3", "login.lockFailures",
                "10", "login.lockMinutes", "60", "login.freeSourceFailures", "50", "password.minLength", "12")::get);
        assertThat(config.login()).isEqualTo(new KernelConfig.LoginLimits(3, 10, 60, 50));
        assertThat(config.passwordMinLength()).isEqualTo(12);
        KernelConfig nonsense = KernelConfig.of(Map.<String, Object>of("login.freeFailures", "30",
                "login.lockFailures", "10", "password.minLength", "1000")::get);
        assertThat(nonsense.login().lockFailures()).as("a lock before the free failures end").isEqualTo(45);
        assertThat(nonsense.passwordMinLength()).isEqualTo(8);
    }

    @Test
    void thePidsValuesWinAndBadOnesFallBackToTheDefault() {
        Map<String, Object> pid = Map.of("task.timeout", "120", "sync.period", 5, "monitor.period", "-1",
                "compensation.retry", "soon");
        KernelConfig config = KernelConfig.of(pid::get);
        assertThat(config.taskTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.syncPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.monitorPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.compensationRetry()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void theSnapshotLimitIsAPositiveCount() {
        assertThat(KernelConfig.of(Map.<String, Object>of("snapshot.limit", "5")::get).snapshotLimit()).isEqualTo(5);
        assertThat(KernelConfig.of(Map.<String, Object>of("snapshot.limit", "0")::get).snapshotLimit()).isEqualTo(32);
        assertThat(KernelConfig.of(Map.<String, Object>of("snapshot.limit", "many")::get).snapshotLimit())
                .isEqualTo(32);
    }

    @Test
    void aSystemPropertyFillsAKeyThePidLacks() {
        System.setProperty("ovm.sync.period", "2");
        try {
            assertThat(KernelConfig.of(key -> null).syncPeriod()).isEqualTo(Duration.ofSeconds(2));
            assertThat(KernelConfig.of(Map.<String, Object>of("sync.period", "7")::get).syncPeriod())
                    .isEqualTo(Duration.ofSeconds(7));
        } finally {
            System.clearProperty("ovm.sync.period");
        }
    }
}
