package org.ovm.plugin.kvm.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** One-time VNC passwords: eight characters (all VNC authentication uses) and a deadline. */
final class ConsolePasswords {

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

    static String deadline() {
        return LIBVIRT_TIME.format(Instant.now().plus(VALID_SECONDS, ChronoUnit.SECONDS));
    }
}
