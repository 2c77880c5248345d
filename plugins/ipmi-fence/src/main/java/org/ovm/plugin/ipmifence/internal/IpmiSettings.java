package org.ovm.plugin.ipmifence.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ovm.spi.common.DriverException;
import org.ovm.spi.common.ErrorCode;

/**
 * A host's IPMI settings ({@link org.ovm.spi.fence.FenceEndpoint#settings()}), checked.
 *
 * @param iface          {@code lanplus} (IPMI 2.0, RMCP+; the default) or {@code lan} (IPMI 1.5)
 * @param privilege      the session's privilege level: {@code ADMINISTRATOR} (default) or {@code OPERATOR}
 *                       (enough for chassis control), {@code USER} (status only)
 * @param cipherSuite    the RMCP+ cipher suite (1-17; 0, no authentication at all, is refused), or null to let ipmitool choose (it asks the BMC
 *                       first; BMCs that do not answer that, such as ipmi_sim, cost 10 s per call)
 * @param timeoutSeconds ipmitool's wait for one answer ({@code -N}, default 1)
 * @param retries        ipmitool's retries per request ({@code -R}, default 2)
 */
record IpmiSettings(String iface, String privilege, Integer cipherSuite, int timeoutSeconds, int retries) {

    static final String INTERFACE = "interface";
    static final String PRIVILEGE = "privilege";
    static final String CIPHER_SUITE = "cipherSuite";
    static final String TIMEOUT = "timeoutSeconds";
    static final String RETRIES = "retries";

    private static final Set<String> KNOWN = Set.of(INTERFACE, PRIVILEGE, CIPHER_SUITE, TIMEOUT, RETRIES);
    private static final Set<String> INTERFACES = Set.of("lanplus", "lan");
    private static final Set<String> PRIVILEGES = Set.of("ADMINISTRATOR", "OPERATOR", "USER");

    static IpmiSettings parse(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!KNOWN.contains(key)) {
                throw invalid("unknown IPMI setting '" + key + "' (known: interface, privilege, cipherSuite, "
                        + "timeoutSeconds, retries)");
            }
        }
        String iface = settings.getOrDefault(INTERFACE, "lanplus").strip().toLowerCase(Locale.ROOT);
        if (!INTERFACES.contains(iface)) {
            throw invalid("setting 'interface' must be lanplus (IPMI 2.0) or lan (IPMI 1.5), not '" + iface + "'");
        }
        String privilege = settings.getOrDefault(PRIVILEGE, "ADMINISTRATOR").strip().toUpperCase(Locale.ROOT);
        if (!PRIVILEGES.contains(privilege)) {
            throw invalid("setting 'privilege' must be ADMINISTRATOR, OPERATOR or USER, not '" + privilege + "'");
        }
        Integer cipherSuite = null;
        String cipher = settings.get(CIPHER_SUITE);
        if (cipher != null && !cipher.isBlank()) {
            if (cipher.strip().equals("0")) {
                // suite 0 authenticates nothing: a BMC that offers it (ipmi_sim does) accepts any password
                throw invalid("setting 'cipherSuite' 0 sends commands without authentication (any password is "
                        + "accepted); use 3 or 17, and disable suite 0 on the BMC");
            }
            cipherSuite = number(CIPHER_SUITE, cipher, 1, 17);
            if (!iface.equals("lanplus")) {
                throw invalid("setting 'cipherSuite' applies to interface lanplus only; remove it or use lanplus");
            }
        }
        int timeout = settings.containsKey(TIMEOUT) ? number(TIMEOUT, settings.get(TIMEOUT), 1, 30) : 1;
        int retries = settings.containsKey(RETRIES) ? number(RETRIES, settings.get(RETRIES), 0, 10) : 2;
        return new IpmiSettings(iface, privilege, cipherSuite, timeout, retries);
    }

    private static int number(String key, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("setting '" + key + "' must be a number from " + min + " to " + max + ", not '" + value + "'");
    }

    static DriverException invalid(String message) {
        return new DriverException(ErrorCode.INVALID, message, false, null);
    }
}
