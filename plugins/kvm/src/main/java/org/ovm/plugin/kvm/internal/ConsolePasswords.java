package org.ovm.plugin.kvm.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One-time VNC passwords: eight characters (all VNC authentication uses) and a deadline. The
 * password a domain has now, and its deadline, are in the domain's secure XML; one that is still
 * good for another minute is handed out again, so two consoles opened on one guest at nearly the
 * same time do not lock each other out.
 */
final class ConsolePasswords {

    /** How long a password opens new connections (the ticket it serves lives 60 s). */
    static final long VALID_SECONDS = 120;
    /** How long a password must still be good to be handed out again. */
    static final long REUSE_SECONDS = 60;
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
     * The password set now if it is good for another minute ({@code validTo} is libvirt's
     * {@code passwdValidTo}; none means a password nobody was told), else null.
     */
    static String reusable(String password, String validTo, Instant now) {
        if (password == null || validTo == null || validTo.isEmpty()) {
            return null;
        }
        Instant deadline = LIBVIRT_TIME.parse(validTo, Instant::from);
        return deadline.isAfter(now.plusSeconds(REUSE_SECONDS)) ? password : null;
    }

    /** The deadline of a password set now, in libvirt's format. */
    static String deadline(Instant now) {
        return LIBVIRT_TIME.format(now.plus(VALID_SECONDS, ChronoUnit.SECONDS));
    }
}
