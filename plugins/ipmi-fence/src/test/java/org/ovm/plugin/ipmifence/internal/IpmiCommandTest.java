package org.ovm.plugin.ipmifence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.plugin.ipmifence.internal.IpmiCommand.Action;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.fence.FenceEndpoint;

class IpmiCommandTest {

    private static final String PASSWORD = "pw-Secret.123";

    private static FenceEndpoint endpoint(Map<String, String> settings) {
        return new FenceEndpoint("host-1", "10.0.0.5", 0, "admin", PASSWORD, settings);
    }

    @Test
    void defaultsAreLanplusAdministratorOnPort623AndThePasswordOnlyInTheEnvironment() {
        IpmiCommand command = IpmiCommand.chassisPower("ipmitool", endpoint(Map.of()), Action.OFF);

        assertThat(command.argv()).containsExactly("ipmitool", "-v", "-I", "lanplus", "-H", "10.0.0.5", "-p", "623",
                "-L", "ADMINISTRATOR", "-N", "1", "-R", "2", "-U", "admin", "-E", "chassis", "power", "off");
        assertThat(command.argv()).noneMatch(arg -> arg.contains(PASSWORD));
        assertThat(command.argv()).doesNotContain("-P", "-f");
        assertThat(command.environment()).containsExactly(Map.entry("IPMI_PASSWORD", PASSWORD));
        assertThat(command.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void settingsChooseInterfacePrivilegeCipherSuiteAndTimeouts() {
        IpmiCommand command = IpmiCommand.chassisPower("/usr/bin/ipmitool",
                new FenceEndpoint("h", "bmc.example.org", 6230, "op", PASSWORD, Map.of("interface", "LANPLUS",
                        "privilege", "operator", "cipherSuite", "3", "timeoutSeconds", "2", "retries", "0")),
                Action.STATUS);
        assertThat(command.argv()).containsExactly("/usr/bin/ipmitool", "-v", "-I", "lanplus", "-H", "bmc.example.org",
                "-p", "6230", "-L", "OPERATOR", "-C", "3", "-N", "2", "-R", "0", "-U", "op", "-E", "chassis", "power",
                "status");

        IpmiCommand lan = IpmiCommand.chassisPower("ipmitool", endpoint(Map.of("interface", "lan")), Action.ON);
        assertThat(lan.argv()).containsSequence("-I", "lan").endsWith("chassis", "power", "on");
    }

    @Test
    void noPasswordMeansNoMinusEAndNoVariable() {
        IpmiCommand command = IpmiCommand.chassisPower("ipmitool",
                new FenceEndpoint("h", "10.0.0.5", 623, null, null, Map.of()), Action.STATUS);
        assertThat(command.argv()).doesNotContain("-E", "-U");
        assertThat(command.environment()).isEmpty();
    }

    @Test
    void badSettingsAndAddressesAreInvalidAndNameWhatToChange() {
        assertInvalid(endpoint(Map.of("interface", "open")), "setting 'interface' must be lanplus");
        assertInvalid(endpoint(Map.of("privilege", "ROOT")), "setting 'privilege' must be ADMINISTRATOR");
        assertInvalid(endpoint(Map.of("cipherSuite", "18")), "setting 'cipherSuite' must be a number from 1 to 17");
        assertInvalid(endpoint(Map.of("cipherSuite", "0")), "without authentication");
        assertInvalid(endpoint(Map.of("interface", "lan", "cipherSuite", "3")), "applies to interface lanplus only");
        assertInvalid(endpoint(Map.of("retries", "x")), "setting 'retries' must be a number");
        assertInvalid(endpoint(Map.of("cypherSuite", "3")), "unknown IPMI setting 'cypherSuite'");
        assertInvalid(new FenceEndpoint("h", "-oProxyCommand=x", 623, "u", "p", Map.of()), "is not a host name");
        assertInvalid(new FenceEndpoint("h", "bmc;reboot", 623, "u", "p", Map.of()), "is not a host name");
    }

    @Test
    void aTooLongPasswordIsRefusedWithoutPrintingIt() {
        String longPassword = "abcdefghijklmnopqrstuvwxyz";
        assertThatThrownBy(() -> IpmiCommand.chassisPower("ipmitool",
                new FenceEndpoint("h", "bmc", 623, "u", longPassword, Map.of()), Action.STATUS))
                .isInstanceOf(DriverException.class).hasMessageContaining("longer than 20 bytes")
                .hasMessageNotContaining(longPassword);
    }

    private static void assertInvalid(FenceEndpoint endpoint, String message) {
        assertThatThrownBy(() -> IpmiCommand.chassisPower("ipmitool", endpoint, Action.STATUS))
                .isInstanceOf(DriverException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(ErrorCode.INVALID));
    }
}
