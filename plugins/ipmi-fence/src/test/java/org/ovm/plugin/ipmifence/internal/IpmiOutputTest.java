package org.ovm.plugin.ipmifence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.fence.PowerStatus;

/** The texts are what ipmitool 1.8.19 (Debian 12) prints with -v against ipmi_sim (docs/research/issue-17-ipmi.md). */
class IpmiOutputTest {

    private static final IpmiSettings SETTINGS = IpmiSettings.parse(Map.of());

    @Test
    void parsesThePowerStatus() {
        assertThat(IpmiOutput.status("Chassis Power is on\n")).isEqualTo(PowerStatus.ON);
        assertThat(IpmiOutput.status("Chassis Power is off\n")).isEqualTo(PowerStatus.OFF);
        assertThat(IpmiOutput.status("Running Get VSO Capabilities\nChassis Power is on")).isEqualTo(PowerStatus.ON);
        assertThat(IpmiOutput.status("Chassis Power Control: Down/Off")).isEqualTo(PowerStatus.UNKNOWN);
        assertThat(IpmiOutput.status("")).isEqualTo(PowerStatus.UNKNOWN);
        assertThat(IpmiOutput.status(null)).isEqualTo(PowerStatus.UNKNOWN);
    }

    @Test
    void wrongPasswordOrUserIsUnauthorized() {
        assertCode("Loading IANA PEN Registry...\n> RAKP 2 HMAC is invalid\n"
                + "Error: Unable to establish IPMI v2 / RMCP+ session\n", ErrorCode.UNAUTHORIZED, "refused the user name or password");
        assertCode("RAKP 2 message indicates an error : unauthorized name\n"
                + "Error: Unable to establish IPMI v2 / RMCP+ session\n", ErrorCode.UNAUTHORIZED, "refused the user name");
        assertCode("Activate Session command failed\nError: Unable to establish LAN session\n",
                ErrorCode.UNAUTHORIZED, "refused the user name or password");
        assertCode("Activate Session error:\tRequested privilege level exceeds limit\n", ErrorCode.UNAUTHORIZED,
                "refused privilege level ADMINISTRATOR");
        assertCode("Get HPM.x Capabilities request failed, compcode = d4\n"
                + "Set Chassis Power Control to Down/Off failed: Insufficient privilege level\n", ErrorCode.UNAUTHORIZED,
                "chassis control needs OPERATOR or ADMINISTRATOR");
    }

    @Test
    void silenceIsUnreachable() {
        assertCode("Get Auth Capabilities error\nError issuing Get Channel Authentication Capabilities request\n"
                + "Error: Unable to establish IPMI v2 / RMCP+ session\n", ErrorCode.UNREACHABLE, "does not answer");
        DriverException killed = IpmiOutput.failure("asking", "10.0.0.5:623", SETTINGS,
                new CommandRunner.Result(-1, "", "", true), Duration.ofSeconds(3));
        assertThat(killed.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(killed.getMessage()).contains("did not answer within 3.0 s", "UDP port 623");
    }

    @Test
    void aCipherSuiteTheBmcLacksIsInvalid() {
        assertCode("Error in open session response message : invalid authentication algorithm\n\n"
                + "Error: Unable to establish IPMI v2 / RMCP+ session\n", ErrorCode.INVALID, "set 'cipherSuite'");
    }

    @Test
    void anythingElseIsABackendFailureWithIpmitoolsLastLines() {
        DriverException e = IpmiOutput.failure("powering off host h1", "bmc:623", SETTINGS,
                new CommandRunner.Result(1, "", "Loading IANA PEN Registry...\nSomething odd\n", false), Duration.ofSeconds(5));
        assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE);
        assertThat(e.getMessage()).isEqualTo("powering off host h1: ipmitool failed against the BMC at bmc:623 (Something odd)");
    }

    private static void assertCode(String stderr, ErrorCode code, String message) {
        DriverException e = IpmiOutput.failure("asking host h1's power status", "127.0.0.1:52723", SETTINGS,
                new CommandRunner.Result(1, "", stderr, false), Duration.ofSeconds(5));
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).startsWith("asking host h1's power status: ").contains("127.0.0.1:52723", message);
    }
}
