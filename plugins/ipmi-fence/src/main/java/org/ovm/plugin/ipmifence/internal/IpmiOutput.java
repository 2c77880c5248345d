package org.ovm.plugin.ipmifence.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;
import org.ovm.spi.fence.PowerStatus;

/** Reads what ipmitool printed: the power status, and why a call failed (as a {@link DriverException}). */
final class IpmiOutput {

    private static final Pattern STATUS = Pattern.compile("Chassis Power is (on|off)", Pattern.CASE_INSENSITIVE);

    /** ipmitool's words (with {@code -v}) for credentials the BMC refused, lower case. */
    private static final List<String> REFUSED_CREDENTIALS = List.of("rakp 2 hmac is invalid", "unauthorized name",
            "invalid user name", "rakp 4 message has invalid integrity check", "activate session command failed",
            "invalid session id", "password is too long");

    /** ... for a privilege level the user or channel does not have. */
    private static final List<String> REFUSED_PRIVILEGE = List.of("requested privilege level exceeds limit",
            "insufficient privilege", "unauthorized role or privilege", "set session privilege level to");

    /** ... for a BMC that never answered. */
    private static final List<String> NO_ANSWER = List.of("get auth capabilities", "get channel authentication capabilities",
            "no response from remote controller", "connection refused", "address lookup for", "unable to send",
            "network is unreachable", "no route to host");

    /** ... for a cipher suite the BMC does not offer. */
    private static final List<String> NO_CIPHER = List.of("no matching cipher suite", "invalid authentication algorithm",
            "invalid integrity algorithm", "invalid confidentiality algorithm");

    private IpmiOutput() {
    }

    /** The power in {@code chassis power status} output; {@link PowerStatus#UNKNOWN} when it says neither. */
    static PowerStatus status(String stdout) {
        Matcher m = STATUS.matcher(stdout == null ? "" : stdout);
        if (!m.find()) {
            return PowerStatus.UNKNOWN;
        }
        return m.group(1).equalsIgnoreCase("on") ? PowerStatus.ON : PowerStatus.OFF;
    }

    /**
     * The error for an ipmitool run that failed.
     *
     * @param what     what the run was for, in an operator's terms ("powering off host h1")
     * @param bmc      the BMC as {@code address:port}
     * @param settings the host's IPMI settings, for hints
     * @param timeout  what the run was allowed
     */
    static DriverException failure(String what, String bmc, IpmiSettings settings, CommandRunner.Result result,
            Duration timeout) {
        if (result.timedOut()) {
            return new DriverException(ErrorCode.UNREACHABLE, what + ": the BMC at " + bmc + " did not answer within "
                    + seconds(timeout) + "; check the BMC's address and port, that IPMI over LAN is enabled on it and "
                    + "that UDP port " + bmc.substring(bmc.lastIndexOf(':') + 1) + " is open from the engine's machine",
                    true, null);
        }
        String text = (result.stderr() + "\n" + result.stdout()).toLowerCase(Locale.ROOT);
        String detail = diagnostic(result);
        if (containsAny(text, NO_CIPHER)) {
            return new DriverException(ErrorCode.INVALID, what + ": the BMC at " + bmc + " refused cipher suite "
                    + (settings.cipherSuite() == null ? "(ipmitool's choice)" : settings.cipherSuite())
                    + "; set 'cipherSuite' to one it offers (3 is the most common, 17 on newer BMCs) (" + detail + ")",
                    false, null);
        }
        if (containsAny(text, REFUSED_PRIVILEGE)) {
            return new DriverException(ErrorCode.UNAUTHORIZED, what + ": the BMC at " + bmc + " refused privilege level "
                    + settings.privilege() + " for this user; give the user that privilege on the BMC (chassis "
                    + "control needs OPERATOR or ADMINISTRATOR) or lower 'privilege' (" + detail + ")", false, null);
        }
        if (containsAny(text, REFUSED_CREDENTIALS)) {
            return new DriverException(ErrorCode.UNAUTHORIZED, what + ": the BMC at " + bmc
                    + " refused the user name or password; check the host's power-management credentials against the "
                    + "BMC's user list (" + detail + ")", false, null);
        }
        if (containsAny(text, NO_ANSWER)) {
            return new DriverException(ErrorCode.UNREACHABLE, what + ": the BMC at " + bmc + " does not answer; check "
                    + "the BMC's address and port, that IPMI over LAN is enabled on it and that UDP port "
                    + bmc.substring(bmc.lastIndexOf(':') + 1) + " is open from the engine's machine (" + detail + ")",
                    true, null);
        }
        return new DriverException(ErrorCode.BACKEND_FAILURE, what + ": ipmitool failed against the BMC at " + bmc + " ("
                + detail + ")", false, null);
    }

    /** The last lines ipmitool printed (stderr, else stdout), without -v's chatter. */
    static String diagnostic(CommandRunner.Result result) {
        String text = result.stderr() == null || result.stderr().isBlank() ? result.stdout() : result.stderr();
        List<String> lines = (text == null ? "" : text).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Loading IANA PEN Registry")).toList();
        if (lines.isEmpty()) {
            return "exit code " + result.exitCode();
        }
        return String.join("; ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    static String seconds(Duration d) {
        return d.toMillis() < 10_000 ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0) : d.toSeconds() + " s";
    }

    private static boolean containsAny(String text, List<String> needles) {
        return needles.stream().anyMatch(text::contains);
    }
}
