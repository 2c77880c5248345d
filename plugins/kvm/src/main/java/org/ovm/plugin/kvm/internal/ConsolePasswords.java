package org.ovm.plugin.kvm.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One-time VNC passwords: eight characters (all VNC authentication uses) and a deadline. A
 * password set for a domain is handed out again while it has at least a minute left, so two
 * consoles opened on one guest at nearly the same time do not lock each other out.
 */
final class ConsolePasswords {

    /** A password set on a domain, and until when it opens connections. */
    record Issued(String password, Instant validTo) {
        @Override
        public String toString() {
            return "Issued[***, " + validTo + "]";
        }
    }

    private static final java.util.Map<String, Issued> ISSUED = new java.util.concurrent.ConcurrentHashMap<>();

    /** How long a password opens new connections (the ticket it serves lives 60 s). */
    static final long VALID_SECONDS = 120;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter LIBVIRT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private ConsolePasswords() {
    }

    static String next() {
        StringBuilder password = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /**
     * The domain's current password if it is still good for another minute, else null (set a new
     * one with {@link #issue}).
     */
    static String reusable(String domainKey) {
        Issued issued = ISSUED.get(domainKey);
        return issued != null && issued.validTo().isAfter(Instant.now().plusSeconds(60)) ? issued.password() : null;
    }

    /** A new password for the domain and its deadline in libvirt's format. */
    static Issued issue(String domainKey) {
        ISSUED.values().removeIf(i -> i.validTo().isBefore(Instant.now()));
        Issued issued = new Issued(next(), Instant.now().plus(VALID_SECONDS, ChronoUnit.SECONDS));
        ISSUED.put(domainKey, issued);
        return issued;
    }

    static String libvirtTime(Instant instant) {
        return LIBVIRT_TIME.format(instant);
    }
}
