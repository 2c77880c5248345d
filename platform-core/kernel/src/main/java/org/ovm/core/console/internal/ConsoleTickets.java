package org.ovm.core.console.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ovm.core.console.ConsoleTarget;

/** Random one-time tickets that expire: issued for a console target, redeemed once. */
final class ConsoleTickets {

    record Issued(String ticket, ConsoleTarget target, Instant expiresAt) {
    }

    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> tickets = new ConcurrentHashMap<>();

    ConsoleTickets(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    Issued issue(ConsoleTarget target) {
        Instant now = clock.instant();
        tickets.values().removeIf(t -> !t.expiresAt().isAfter(now));
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        Issued issued = new Issued(Base64.getUrlEncoder().withoutPadding().encodeToString(secret), target,
                now.plus(lifetime));
        tickets.put(issued.ticket(), issued);
        return issued;
    }

    /** The ticket's target, or null if it is unknown, already used or expired. */
    ConsoleTarget redeem(String ticket) {
        Issued issued = ticket == null ? null : tickets.remove(ticket);
        return issued == null || !issued.expiresAt().isAfter(clock.instant()) ? null : issued.target();
    }

    int size() {
        return tickets.size();
    }
}
